"""What FAQs, thesauri and query-suggestions block lists share.

Each is a child of an index built from one S3 file, read from moto's own S3
when the resource is created or updated.  An unreadable object, or a file its
parser rejects, puts the resource in FAILED with an ErrorMessage (the one case
where the mock enters FAILED by itself).  Parse errors are worded
``Line <n> of s3://<bucket>/<key>: <reason>.`` (the message names the line).
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .base import Resource, check_quota, check_tags
from .children import Children
from .index import ANY, WRITE, Index

if TYPE_CHECKING:
    from .backend import BackendBase

# an Update is refused while the resource is being created or deleted.
UPDATE_REFUSED = frozenset({"CREATING", "DELETING"})


class FileError(Exception):
    """A file its parser rejects, at a 1-based line."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def decode_text(data: bytes) -> str:
    """UTF-8 text, a leading byte-order mark dropped, else FileError at the bad byte's line."""
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FileError(data.count(b"\n", 0, error.start) + 1, "not valid UTF-8") from None


def text_lines(text: str) -> list[str]:
    """Lines as a CSV reader counts them (ended by LF, CR or CRLF), without their endings."""
    return [line.rstrip("\r\n") for line in io.StringIO(text, newline="")]


def s3_uri(path: dict[str, str]) -> str:
    return f"s3://{path['Bucket']}/{path['Key']}"


def source_settings(
    name: str | None,
    description: str | None,
    role_arn: str | None,
    source_s3_path: dict[str, str] | None,
) -> dict[str, Any]:
    """The members a thesaurus or block list stores, as its Create and Update give them
    (None where an Update leaves one unchanged)."""
    return {
        "Name": name, "Description": description, "RoleArn": role_arn,
        "SourceS3Path": source_s3_path,
    }


class FileResource(Resource):
    """A child of an index whose content comes from one S3 file.

    Subclasses set ``arn_type`` and ``path_member``, implement :meth:`parse` and :meth:`clear`,
    and extend :meth:`describe` where Describe carries more than :meth:`common`.
    """

    arn_type = ""
    path_member = "S3Path"

    def __init__(
        self,
        index: Index,
        model_name: str,
        settings: dict[str, Any],
    ) -> None:
        super().__init__(model_name)
        self.index = index
        self.id = index.new_child_id()
        self.settings = {k: v for k, v in settings.items() if v is not None}
        self.error_message: str | None = None
        self.file_size: int | None = None

    @property
    def name(self) -> str:
        return str(self.settings["Name"])

    @property
    def arn(self) -> str:
        return self.index.child_arn(self.arn_type, self.id)

    def parse(self, data: bytes) -> None:
        """Take the file's content, or raise FileError; called only with readable bytes."""
        raise NotImplementedError

    def clear(self) -> None:
        """Forget the content of a previous file (the file just read failed)."""
        raise NotImplementedError

    def load(self) -> None:
        """Read and parse the S3 file (moto's own S3, this account); on failure the status
        becomes FAILED with an ErrorMessage."""
        path = self.settings[self.path_member]
        data = self.index.account.read_s3_object(path["Bucket"], path["Key"])
        if data is None:
            self._fail(f"S3 object {s3_uri(path)} cannot be read.")
            return
        try:
            self.parse(data)
        except FileError as error:
            self._fail(f"Line {error.line} of {s3_uri(path)}: {error.reason}.")
            return
        self.file_size = len(data)
        self.error_message = None

    def update(self, given: dict[str, Any]) -> None:
        """Update*: given members replace the stored ones; UPDATING, and the file is re-read."""
        self.settings.update({k: v for k, v in given.items() if v is not None})
        self.set_status("UPDATING")
        self.load()

    def _fail(self, message: str) -> None:
        self.clear()
        self.file_size = None
        self.error_message = message
        self.set_status("FAILED", touch=False)

    def on_removed(self) -> None:
        """Gone (its Children dropped it): so are its tags."""
        self.index.account.untag_all(self.arn)

    def common(self) -> dict[str, Any]:
        """The members every Describe of these resources carries."""
        status = self.status
        return {
            **self.settings,
            "Id": self.id,
            "IndexId": self.index.id,
            "Status": status,
            "CreatedAt": self.created_at,
            "UpdatedAt": self.updated_at,
            "ErrorMessage": self.error_message if status == "FAILED" else None,
        }

    def describe(self) -> dict[str, Any]:
        """Describe*: the members every one carries (see :meth:`common`)."""
        return self.common()


R = TypeVar("R", bound=FileResource)


class ChildLookup(Generic[R]):
    """The Create/Describe/Update/Delete plumbing of one resource family.

    ``of`` gives an index's children of the family (typed: the Index holds the
    families above it as ``Children[Any]``); ``make`` builds a child from its index and
    settings; ``quota`` children per index at most, named ``noun`` in the
    ServiceQuotaExceeded message.  Lookups: the present child, else ResourceNotFound /
    Conflict (see :meth:`Children.require`).
    """

    def __init__(
        self,
        of: Callable[[Index], Children[R]],
        make: Callable[[Index, dict[str, Any]], R],
        quota: int,
        noun: str,
    ) -> None:
        self.of = of
        self.make = make
        self.quota = quota
        self.noun = noun

    def get(
        self, index: Index, child_id: str, refuse: frozenset[str] = ANY, advance: bool = False
    ) -> R:
        return self.of(index).require(child_id, refuse, advance)

    def create(
        self,
        backend: BackendBase,
        operation: str,
        index_id: str,
        client_token: str | None,
        tags: list[dict[str, str]] | None,
        settings: dict[str, Any],
    ) -> dict[str, Any]:
        """Create* -> ``{Id}``; CREATING, then ACTIVE (or FAILED when the file is bad).

        Checks in this order: tags (so bad tags fail even a replay), a ClientToken
        replay (answered before the index is looked up), the index (refused unless
        writable), then the quota (every present child counted, DELETING and FAILED
        included).  The child is stored and its file read before the token is
        remembered and the tags are set.
        """
        check_tags(tags)
        replay = backend.replay(operation, index_id, client_token)
        if replay is not None:
            return {"Id": replay.id}
        index = backend.get_index(index_id, WRITE)
        children = self.of(index)
        check_quota(len(children.live()) + 1, self.quota, self.noun)
        child = children.add(self.make(index, settings))
        child.load()
        backend.remember(operation, index_id, client_token, child)
        backend.tag(child.arn, tags)
        return {"Id": child.id}

    def describe(self, index: Index, child_id: str) -> dict[str, Any]:
        """Describe*: the child, advanced once, as its :meth:`FileResource.describe`."""
        return self.get(index, child_id, advance=True).describe()

    def update(self, index: Index, child_id: str, given: dict[str, Any]) -> None:
        """Update*: refused while CREATING or DELETING; -> UPDATING, the file re-read."""
        self.get(index, child_id, UPDATE_REFUSED).update(given)

    def delete(self, index: Index, child_id: str) -> None:
        """Delete*: -> DELETING; already DELETING -> no change (the manual count goes on).

        Under ``immediate`` the next lookup reads the resource removed.
        """
        self.get(index, child_id).delete()
