// The AWS SDK for JavaScript v3 against moto-kendra-server: Query with an AttributeFilter and
// a facet, and a generated paginator.
//
//     node kendra_query.mjs <endpoint>
//
// Creates an index, makes `_category` facetable (UpdateIndex), puts five documents with a
// `_category` each, runs three queries on "server" (no filter, an EqualsTo filter, a
// NotFilter), all with a `_category` facet; then creates five CUSTOM data sources and walks
// them with `paginateListDataSources` (pageSize 2), recording what each page request sent.
// Prints one JSON object on stdout (test_javascript_sdk.py checks it). Credentials and the
// region come from the environment. Any failed check throws, so node exits non-zero.
// Only `node:` built-ins besides the SDK (pinned in package.json).

import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import {
  BatchPutDocumentCommand,
  CreateDataSourceCommand,
  CreateIndexCommand,
  DescribeIndexCommand,
  KendraClient,
  QueryCommand,
  UpdateIndexCommand,
  paginateListDataSources,
} from "@aws-sdk/client-kendra";

const endpoint = process.argv[2];
if (!endpoint) {
  console.error("usage: node kendra_query.mjs <endpoint>");
  process.exit(2);
}

const client = new KendraClient({
  endpoint,
  region: process.env.AWS_REGION ?? "us-east-1",
  maxAttempts: 1,
});

// Every ListDataSources request as the SDK builds it (after the paginator set its input).
const listRequests = [];
client.middlewareStack.add(
  (next, context) => async (args) => {
    if (context.commandName === "ListDataSourcesCommand") {
      listRequests.push({ MaxResults: args.input.MaxResults, NextToken: args.input.NextToken ?? null });
    }
    return next(args);
  },
  { step: "initialize", name: "recordListDataSources" },
);

async function waitActive(indexId) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const index = await client.send(new DescribeIndexCommand({ Id: indexId }));
    if (index.Status === "ACTIVE") return index;
    assert.ok(Date.now() < deadline, `index still ${index.Status} after 30 s`);
    await sleep(200);
  }
}

const { Id: indexId } = await client.send(
  new CreateIndexCommand({ Name: "js-query-index", RoleArn: "arn:aws:iam::123456789012:role/kendra" }),
);
await waitActive(indexId);

// `_category` is a built-in field, not facetable until the index says so.
await client.send(
  new UpdateIndexCommand({
    Id: indexId,
    DocumentMetadataConfigurationUpdates: [
      {
        Name: "_category",
        Type: "STRING_VALUE",
        Search: { Facetable: true, Searchable: false, Displayable: true, Sortable: true },
      },
    ],
  }),
);
const updated = await waitActive(indexId);
const category = updated.DocumentMetadataConfigurations.find((field) => field.Name === "_category");
assert.equal(category.Search.Facetable, true);

const encoder = new TextEncoder();
const documents = [
  ["guide-install", "guides", "Installing the server", "Install the server package and start the server."],
  ["guide-upgrade", "guides", "Upgrading", "Stop the server before you upgrade it."],
  ["reference-config", "reference", "Configuration", "Every server setting with its default."],
  ["news-release", "news", "Release notes", "This release makes the server start faster."],
  ["news-office", "news", "Office hours", "The team answers questions on Fridays."],
];
const put = await client.send(
  new BatchPutDocumentCommand({
    IndexId: indexId,
    Documents: documents.map(([Id, cat, Title, body]) => ({
      Id,
      Title,
      Blob: encoder.encode(body),
      ContentType: "PLAIN_TEXT",
      Attributes: [{ Key: "_category", Value: { StringValue: cat } }],
    })),
  }),
);
assert.deepEqual(put.FailedDocuments, []);

const facets = [{ DocumentAttributeKey: "_category" }];

async function query(extra) {
  const response = await client.send(
    new QueryCommand({ IndexId: indexId, QueryText: "server", Facets: facets, ...extra }),
  );
  for (const item of response.ResultItems) {
    assert.equal(item.Type, "DOCUMENT");
    assert.ok(item.DocumentExcerpt.Text.length > 0, "empty excerpt");
  }
  return {
    ids: response.ResultItems.map((item) => item.DocumentId),
    categories: response.ResultItems.map(
      (item) => item.DocumentAttributes.find((a) => a.Key === "_category")?.Value.StringValue,
    ),
    total: response.TotalNumberOfResults,
    facets: response.FacetResults.map((facet) => ({
      key: facet.DocumentAttributeKey,
      type: facet.DocumentAttributeValueType,
      counts: facet.DocumentAttributeValueCountPairs.map((pair) => [
        pair.DocumentAttributeValue.StringValue,
        pair.Count,
      ]),
    })),
  };
}

const guides = { EqualsTo: { Key: "_category", Value: { StringValue: "guides" } } };
const unfiltered = await query({});
const filtered = await query({ AttributeFilter: guides });
const notGuides = await query({ AttributeFilter: { NotFilter: guides } });

// Five data sources, walked two at a time by the SDK's generated paginator.
const created = [];
for (let n = 1; n <= 5; n += 1) {
  const { Id } = await client.send(
    new CreateDataSourceCommand({ IndexId: indexId, Name: `source-${n}`, Type: "CUSTOM" }),
  );
  created.push(Id);
}
const pages = [];
const nextTokens = [];
for await (const page of paginateListDataSources({ client, pageSize: 2 }, { IndexId: indexId })) {
  nextTokens.push(page.NextToken ?? null);
  pages.push({
    ids: page.SummaryItems.map((item) => item.Id),
    names: page.SummaryItems.map((item) => item.Name),
    types: page.SummaryItems.map((item) => item.Type),
    hasNextToken: typeof page.NextToken === "string" && page.NextToken.length > 0,
  });
  assert.ok(pages.length <= 10, "the paginator does not stop");
}
// Each request after the first sent the NextToken of the page before it (opaque to us).
const tokensChained = listRequests.every(
  (request, n) => request.NextToken === (n === 0 ? null : nextTokens[n - 1]),
);

process.stdout.write(
  JSON.stringify({
    indexId,
    unfiltered,
    filtered,
    notGuides,
    created,
    pages,
    pageSizesSent: listRequests.map((request) => request.MaxResults),
    tokensChained,
  }) + "\n",
);
