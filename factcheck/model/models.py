"""The record and dataset models: the single source of truth for the data's structure.

The JSON Schema files in `schemas/` are generated from these classes (`factcheck schema`).
Every model is strict: unknown fields are errors and nothing is silently coerced.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .fields import IsoDate, Language, Line, Markdown, NotNull, Slug, Url, UrlTemplate
from .ratings import RATING_MEANINGS, Rating
from .vocabulary import REQUIREMENTS, Change, ClaimantType, Requirement, Stance, Wording

SCHEMA_VERSION = "1.2"
"""The record schema version this release of the library writes."""

SCHEMA_VERSIONS = ("1.0", "1.1", "1.2")
"""Every record schema version this release reads. 1.1 makes the fields a source may lack
optional (see `factcheck.model.vocabulary.Requirement`); a 1.0 record must still have them.
1.2 lets a verdict have no `rating` (its label maps to no rating: *not normalized*) and adds
`claim.key`, shared by the reviews of one claim by several publishers; a 1.0 or 1.1 record
has a rating and no key."""


class _Model(BaseModel):
    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        use_enum_values=False,
        regex_engine="python-re",
    )


def _enum(description: str, example: str):
    """A field holding an enum member, given as its string value in JSON."""
    return Field(strict=False, description=description, examples=[example])


class Claimant(_Model):
    """Who made the claim."""

    name: Line = Field(
        description="The person, organization, outlet or account that made the claim.",
        examples=["Mark Esper, US Secretary of Defense"],
    )
    type: ClaimantType = _enum("What kind of claimant this is.", "person")


class _Document(_Model):
    url: Url = Field(
        description="Address of the page, an absolute http(s) URL.",
        examples=["https://www.axios.com/2020/01/06/iraq-us-troops-pentagon"],
    )
    title: Annotated[Line | None, NotNull] = Field(
        default=None,
        description="The page's headline or title, as published.",
        examples=['Pentagon scrambles: "There\'s been no decision to leave Iraq"'],
    )
    publisher: Line = Field(
        description="The outlet or organization that published the page.",
        examples=["Axios"],
    )
    syndicated_from: Annotated[Line | None, NotNull] = Field(
        default=None,
        description=(
            "The original publisher when the page republishes another outlet's story "
            "(a wire copy): such copies count as one publisher when judging independence."
        ),
        examples=["Associated Press"],
    )
    published: Annotated[IsoDate | None, NotNull] = Field(
        default=None, description="Publication date of the page.", examples=["2020-01-06"]
    )


class Appearance(_Document):
    """A page where the claim was made or spread."""

    quote: Annotated[Line | None, NotNull] = Field(
        default=None,
        description="A short verbatim excerpt of the page showing the claim.",
        examples=["CJTF-OIR will be repositioning forces over the course of the coming days"],
    )


class Source(_Document):
    """A published source used as evidence for the verdict."""

    quote: Annotated[Line | None, NotNull] = Field(
        default=None,
        description="A short verbatim excerpt of the page (under about 40 words).",
        examples=["There's been no decision whatsoever to leave Iraq"],
    )
    stance: Stance = _enum("How the source bears on the claim.", "refutes")
    speaker: Annotated[Line | None, NotNull] = Field(
        default=None,
        description="The person whose words the quote reports, if any.",
        examples=["Mark Esper"],
    )


class Claim(_Model):
    """The claim that was checked."""

    text: Line = Field(
        description="The claim, as one sentence.",
        examples=["The US military is withdrawing from Iraq."],
    )
    wording: Wording = _enum(
        "Whether `text` is the claimant's exact words or a paraphrase.", "paraphrase"
    )
    claimant: Claimant = Field(description="Who made the claim.")
    date: Annotated[IsoDate | None, NotNull] = Field(
        default=None, description="When the claim was made.", examples=["2020-01-06"]
    )
    language: Language = Field(description="Language of `text`, a BCP 47 tag.", examples=["en"])
    context: Annotated[Markdown | None, NotNull] = Field(
        default=None,
        description="Where, when and how the claim was made (Markdown).",
        examples=["A leaked letter to Iraq's Joint Operations Command circulated online."],
    )
    appearances: list[Appearance] = Field(
        default_factory=list,
        description="Pages where the claim was made or spread.",
    )
    key: Annotated[Slug | None, NotNull] = Field(
        default=None,
        description=(
            "The same for every record of the dataset that reviews this claim (schema 1.2): "
            "several publishers' reviews of one claim are one record each, linked by their "
            "key, and are not duplicates of one another."
        ),
        examples=["c-5f1d2a3b4c5d6e7f"],
    )


class Verdict(_Model):
    """The rating of the claim and the reasoning behind it."""

    rating: Annotated[Rating | None, NotNull] = Field(
        default=None,
        strict=False,
        description="The verdict on the normalized scale: "
        + "; ".join(f"`{r.value}`: {m}" for r, m in RATING_MEANINGS.items())
        + ". Absent (schema 1.2) when the reviewer's label maps to no rating: the verdict is "
        "*not normalized*, kept with its `label`, and left out of rating statistics.",
        examples=["false"],
    )
    label: Line = Field(
        description="The reviewer's own label for the verdict, kept verbatim.",
        examples=["False"],
    )
    summary: Annotated[Line | None, NotNull] = Field(
        default=None,
        description="The verdict and its main reason in one sentence.",
        examples=["No withdrawal was decided: the letter was an unsigned draft sent by mistake."],
    )
    explanation: Annotated[Markdown | None, NotNull] = Field(
        default=None,
        description="What the evidence shows and what is still unknown (Markdown).",
        examples=["Defense Secretary Mark Esper said there had been no decision to leave Iraq."],
    )
    reviewed: Annotated[IsoDate | None, NotNull] = Field(
        default=None,
        description="When the verdict was written or last reviewed.",
        examples=["2020-01-07"],
    )
    reviewer: Line = Field(
        description="Who reviewed the claim: a person or a team.",
        examples=["factcheck-datasets maintainers"],
    )


class HistoryEntry(_Model):
    """One dated change to the record."""

    date: IsoDate = Field(description="When the change was made.", examples=["2020-01-07"])
    change: Change = _enum("The kind of change.", "created")
    note: Line = Field(description="What changed and why.", examples=["First published."])


class Record(_Model):
    """One claim, one verdict on it, and the evidence for the verdict."""

    model_config = ConfigDict(
        title="factcheck record",
        json_schema_extra={"description": "One claim, one verdict on it, and its evidence."},
    )

    schema_version: Literal["1.0", "1.1", "1.2"] = Field(
        description="Version of the record schema the record follows.", examples=["1.2"]
    )
    id: Slug = Field(
        description="Identifier, unique in its dataset; also the record's file name.",
        examples=["us-withdrawing-from-iraq"],
    )
    claim: Claim = Field(description="The claim that was checked.")
    verdict: Verdict = Field(description="The rating and the reasoning behind it.")
    evidence: list[Source] = Field(
        description="The published sources the verdict rests on (empty only where the "
        "dataset's policy allows it)."
    )
    topics: list[Slug] = Field(
        description="Topic slugs, for filtering (empty only where the dataset's policy allows it).",
        examples=[["seely-letter", "us-troops-iraq"]],
    )
    history: Annotated[list[HistoryEntry], Field(min_length=1)] = Field(
        description="Dated changes to the record, oldest first, starting with its creation."
    )


class Maintainer(_Model):
    """A person or team responsible for a dataset."""

    name: Line = Field(description="Name of the maintainer.", examples=["Jane Doe"])
    url: Annotated[Url | None, NotNull] = Field(
        default=None, description="A page about the maintainer."
    )


class Methodology(_Model):
    """How the dataset was made: the policy a reader needs to trust it."""

    claims: Markdown = Field(description="How claims were chosen.")
    sources: Markdown = Field(description="How sources were chosen and checked.")
    ratings: Markdown = Field(description="How ratings were decided.")
    corrections: Markdown = Field(description="How errors are reported and corrected.")


class Policy(_Model):
    """Editorial rules of a dataset that the validator enforces."""

    min_independent_publishers: int = Field(
        default=2,
        ge=0,
        le=10,
        description="Fewest independent publishers a record's evidence must come from.",
        examples=[2],
    )
    require: list[Annotated[Requirement, Field(strict=False)]] = Field(
        default_factory=lambda: list(REQUIREMENTS),
        description=(
            "Optional record fields every record of the dataset must have (all of them unless "
            "the dataset says otherwise; an imported dataset lists what its source supplies)."
        ),
        examples=[["claim.date", "verdict.reviewed", "evidence"]],
    )


class Imported(_Model):
    """What `factcheck import` wrote into a dataset folder, so that a later
    `factcheck import --replace` replaces the folder only while it is that import, unchanged."""

    format: Slug = Field(description="The import format the file was read as.", examples=["fever"])
    source: Line = Field(
        description="The name of the file that was imported.", examples=["train.jsonl"]
    )
    records: int = Field(ge=1, description="How many records the import wrote.", examples=[145449])
    sha256: str = Field(
        pattern=r"^[0-9a-f]{64}\Z",
        description=(
            "A digest of every file the import wrote: its records and this file (without "
            "`imported`). A folder whose files no longer match it has been edited since, and "
            "`--replace` refuses it."
        ),
    )


class DatasetInfo(_Model):
    """The `dataset.json` file that describes a dataset."""

    model_config = ConfigDict(
        title="factcheck dataset",
        json_schema_extra={"description": "Metadata of a factcheck dataset (dataset.json)."},
    )

    name: Slug = Field(
        description="The dataset's name; also its folder name.", examples=["iraq-2020"]
    )
    title: Line = Field(
        description="Human-readable title.", examples=["Iraq–Iran crisis, January 2020"]
    )
    description: Markdown = Field(description="What the dataset holds (Markdown).")
    scope: Markdown = Field(description="Which claims are in scope and which are not.")
    license: Line = Field(
        description="SPDX identifier of the license of the dataset's own text.",
        examples=["CC-BY-4.0"],
    )
    maintainers: Annotated[list[Maintainer], Field(min_length=1)] = Field(
        description="Who maintains the dataset."
    )
    topics: list[Slug] = Field(default_factory=list, description="Topic slugs the dataset uses.")
    citation: Markdown = Field(description="How to cite the dataset (BibTeX).")
    # Two flat fields, not one object: the validator's fast path compiles an optional object
    # field only when every field inside it is optional too.
    site: Annotated[Url | None, NotNull] = Field(
        default=None,
        description="The dataset's page on the web (its card on the documentation site).",
        examples=["https://factcheck-datasets.github.io/factcheck/datasets/iraq-2020/"],
    )
    record_page: Annotated[UrlTemplate | None, NotNull] = Field(
        default=None,
        description=(
            "Each record's page on the web: a URL with `{id}` once, where the record's id "
            "goes. Exported ClaimReview items take their `url` from it."
        ),
        examples=["https://factcheck-datasets.github.io/factcheck/datasets/iraq-2020/claims/{id}/"],
    )
    methodology: Methodology = Field(description="How the dataset was made.")
    policy: Policy = Field(default_factory=Policy, description="Editorial rules enforced.")
    created: IsoDate = Field(description="When the dataset was started.", examples=["2026-11-24"])
    imported: Annotated[Imported | None, NotNull] = Field(
        default=None,
        description=(
            "Written by `factcheck import` alone: the folder is an import, not curated. "
            "Remove it when you start curating an imported dataset."
        ),
    )


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside a field's annotation (`Claim`, `list[Source]`…), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = nested_model(arg)
        if found is not None:
            return found
    return None


__all__ = [
    "SCHEMA_VERSION",
    "SCHEMA_VERSIONS",
    "Appearance",
    "Change",
    "Claim",
    "Claimant",
    "ClaimantType",
    "DatasetInfo",
    "HistoryEntry",
    "Imported",
    "Maintainer",
    "Methodology",
    "Policy",
    "Record",
    "Requirement",
    "Source",
    "Stance",
    "Verdict",
    "Wording",
    "nested_model",
]
