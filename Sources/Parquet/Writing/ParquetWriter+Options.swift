/// The compression of the pages a ``ParquetWriter`` writes.
public enum ParquetCompression: Sendable, Hashable {
    /// No compression.
    case uncompressed
    /// Snappy (the default): fast, and read by every Parquet library.
    case snappy
    /// Zstandard at level 3: smaller files, a little slower to write.
    case zstd
    /// Gzip at level 6: widely read, the slowest of the four.
    case gzip

    var codec: CompressionCodec {
        switch self {
        case .uncompressed: .uncompressed
        case .snappy: .snappy
        case .zstd: .zstd
        case .gzip: .gzip
        }
    }
}

extension ParquetWriter {
    /// How a ``ParquetWriter`` lays out the file.
    public struct Options: Sendable, Hashable {
        /// The default rows per row group: 10,000.
        ///
        /// A persona row is about 0.5–2 KB of text, so a row group is some 5–20 MB before
        /// compression. Readers such as ``ParquetFile`` hold one row group in memory, and dataset
        /// viewers page through a file by row group, so it should stay small; yet it must be large
        /// enough that the per-chunk dictionary and compression pay off and the footer stays short
        /// (100,000 personas make 10 row groups).
        public static let defaultRowGroupSize = 10_000

        /// Page compression (default ``ParquetCompression/snappy``).
        public var compression: ParquetCompression = .snappy
        /// Rows per row group (default ``defaultRowGroupSize``).
        public var rowGroupSize = defaultRowGroupSize
        /// The uncompressed size at which a data page is closed (default 1 MiB, as pyarrow).
        public var dataPageSize = 1 << 20
        /// The largest dictionary page of a string column chunk (default 1 MiB, as pyarrow);
        /// a chunk whose distinct strings need more is written PLAIN.
        public var dictionaryPageSizeLimit = 1 << 20
        /// Key-value metadata stored in the footer (written sorted by key).
        public var keyValueMetadata: [String: String] = [:]

        /// The defaults.
        public init() {}
    }
}
