"""The errors the core raises. Every one is a `SozialraumError`; its message is German, names the file, field
or row concerned and says what to do. Algorithms turn any of them into a QgsProcessingException with one
context manager (`SozialraumAlgorithm.core_errors`), the dock into a message bar entry: never a traceback.
New kinds of input errors subclass `SozialraumError` here, so that one `except` catches them all.
"""


class SozialraumError(ValueError):
    """Input the plugin cannot use; the German message says why and what to do."""


class TableError(SozialraumError):
    """A table that cannot be read; the message names the file, the line and what to do."""


class CatalogueError(SozialraumError):
    """A catalogue file that cannot be used; the message names file, row and what to do."""


class JoinError(SozialraumError):
    """Input the join cannot use; the message names table, field or rows and what to do."""


class AggregationError(SozialraumError):
    """Input the aggregation cannot use; the message names the field and what to do."""


class ClassificationError(SozialraumError):
    """Input that cannot be classified; the message says why and what to do."""


class SocialIndexError(SozialraumError):
    """Input that cannot make a composite index; the message says which field and what to do."""


class ComparisonError(SozialraumError):
    """Input that cannot be compared; the message names the field and what to do."""


class LayoutError(SozialraumError):
    """A template or page that cannot be built; the message names the file and what to do."""


class SupplyError(SozialraumError):
    """Settings or inputs that allow no supply analysis; the message says which and what to do."""


class AllocationError(SozialraumError):
    """Settings or inputs that allow no allocation; the message says by how much or what to do."""


class TypologyError(SozialraumError):
    """Input that cannot make types of social spaces; the message says what to do."""


class HotspotError(SozialraumError):
    """Input that cannot give spatial statistics (clusters, hot spots); the message says what to do."""
