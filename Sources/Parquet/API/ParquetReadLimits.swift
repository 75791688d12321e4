/// Caps that the reader checks before it allocates for a size or count taken from a file.
///
/// A Parquet file states its own sizes (footer length, chunk sizes, page sizes, row counts); a
/// damaged or hostile file can state any number. Each is checked against these caps first, and
/// a number above one is a ``ParquetError`` with code ``ParquetError/Code/limitExceeded``.
/// The defaults are far above what ordinary writers produce.
public struct ParquetReadLimits: Sendable, Hashable {
    /// The largest footer (Thrift `FileMetaData`) read: 64 MiB.
    public var maxFooterBytes = 64 << 20
    /// The largest column chunk read into memory at once: 1 GiB.
    public var maxColumnChunkBytes = 1 << 30
    /// The largest page, compressed or decompressed: 256 MiB (writers default to 1 MiB pages).
    public var maxPageBytes = 256 << 20
    /// The most rows in one row group: 2²⁵ (about 33.5 million; pyarrow's default row group is 1 Mi rows).
    public var maxRowsPerRowGroup = 1 << 25
    /// The most level entries (values, nulls and list elements) in one column chunk: 2²⁷.
    public var maxValuesPerColumnChunk = 1 << 27

    /// The default caps.
    public init() {}
}
