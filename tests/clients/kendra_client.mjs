// The AWS SDK for JavaScript v3 against moto-kendra-server.
//
//     node kendra_client.mjs <endpoint>
//
// Creates an index, waits until DescribeIndex says ACTIVE, puts two documents, deletes one,
// reads both statuses and prints one JSON object on stdout (test_javascript_sdk.py checks it).
// Credentials and the region come from the environment (AWS_ACCESS_KEY_ID, ...). Any failed
// check throws, so node exits non-zero with the reason on stderr.
// Only `node:` built-ins besides the SDK (pinned in package.json).

import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import {
  BatchDeleteDocumentCommand,
  BatchGetDocumentStatusCommand,
  BatchPutDocumentCommand,
  CreateIndexCommand,
  DescribeIndexCommand,
  KendraClient,
  ListIndicesCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-kendra";

const endpoint = process.argv[2];
if (!endpoint) {
  console.error("usage: node kendra_client.mjs <endpoint>");
  process.exit(2);
}

const client = new KendraClient({
  endpoint,
  region: process.env.AWS_REGION ?? "us-east-1",
  maxAttempts: 1,
});

// A JS Date holding a real time (the SDK turns the wire's epoch seconds into Dates).
function checkDate(value, what) {
  assert.ok(value instanceof Date, `${what} is not a Date: ${value}`);
  assert.ok(!Number.isNaN(value.getTime()), `${what} is an invalid Date`);
  // Sanity: within a day of this machine's clock (the server runs on the same host).
  assert.ok(Math.abs(value.getTime() - Date.now()) < 86_400_000, `${what} is far off: ${value}`);
  return value.toISOString();
}

const { Id: indexId } = await client.send(
  new CreateIndexCommand({ Name: "js-sdk-index", RoleArn: "arn:aws:iam::123456789012:role/kendra" }),
);
assert.equal(typeof indexId, "string");
assert.equal(indexId.length, 36);

let index;
const deadline = Date.now() + 30_000;
for (;;) {
  index = await client.send(new DescribeIndexCommand({ Id: indexId }));
  if (index.Status === "ACTIVE") break;
  assert.ok(Date.now() < deadline, `index still ${index.Status} after 30 s`);
  await sleep(200);
}
const createdAt = checkDate(index.CreatedAt, "DescribeIndex CreatedAt");
const updatedAt = checkDate(index.UpdatedAt, "DescribeIndex UpdatedAt");
assert.equal(index.Id, indexId);
assert.equal(index.Name, "js-sdk-index");
assert.equal(index.Edition, "ENTERPRISE_EDITION");

const listed = await client.send(new ListIndicesCommand({}));
const summary = listed.IndexConfigurationSummaryItems.find((item) => item.Id === indexId);
assert.ok(summary, "ListIndices does not list the index");
checkDate(summary.CreatedAt, "ListIndices CreatedAt");
checkDate(summary.UpdatedAt, "ListIndices UpdatedAt");

const encoder = new TextEncoder();
const put = await client.send(
  new BatchPutDocumentCommand({
    IndexId: indexId,
    Documents: [
      { Id: "js-doc-keep", Title: "Kept", Blob: encoder.encode("a document that stays"), ContentType: "PLAIN_TEXT" },
      { Id: "js-doc-drop", Title: "Dropped", Blob: encoder.encode("a document that goes"), ContentType: "PLAIN_TEXT" },
    ],
  }),
);

const deleted = await client.send(
  new BatchDeleteDocumentCommand({ IndexId: indexId, DocumentIdList: ["js-doc-drop"] }),
);

const statuses = await client.send(
  new BatchGetDocumentStatusCommand({
    IndexId: indexId,
    DocumentInfoList: [{ DocumentId: "js-doc-keep" }, { DocumentId: "js-doc-drop" }],
  }),
);

// A modelled error arrives as the SDK's exception class, with the server's message.
let notFound = null;
try {
  await client.send(new DescribeIndexCommand({ Id: "00000000-0000-0000-0000-000000000000" }));
} catch (error) {
  assert.ok(error instanceof ResourceNotFoundException, `unexpected error: ${error}`);
  notFound = { name: error.name, message: error.message, status: error.$metadata.httpStatusCode };
}
assert.ok(notFound, "DescribeIndex of an unknown id succeeded");

process.stdout.write(
  JSON.stringify({
    indexId,
    status: index.Status,
    createdAt,
    updatedAt,
    putFailed: put.FailedDocuments,
    deleteFailed: deleted.FailedDocuments,
    documentStatuses: statuses.DocumentStatusList,
    statusErrors: statuses.Errors,
    notFound,
  }) + "\n",
);
