/// The size rules every decompressor applies before it allocates.
///
/// File formats state the decompressed size of a block (Parquet's page header does); a decoder
/// passes that size as `expectedSize` and its own cap as `limit`. Both are checked before any
/// output buffer is allocated, and the stream must then produce exactly `expectedSize` bytes.
public enum OutputLimit {
    /// The cap used when the caller gives none: 256 MiB, far above any sane Parquet page (1 MiB by default).
    public static let defaultLimit = 256 << 20

    /// Throws unless `0 ≤ expectedSize ≤ limit`.
    ///
    /// - Parameters:
    ///   - expectedSize: The decompressed size the container declares.
    ///   - limit: The caller's cap.
    ///   - codec: The codec's name, for the error.
    static func check(_ expectedSize: Int, limit: Int, codec: String) throws(CodecError) {
        guard expectedSize >= 0 else {
            throw CodecError(.limitExceeded, codec: codec, "declared size \(expectedSize) is negative")
        }
        guard expectedSize <= limit else {
            throw CodecError(.limitExceeded, codec: codec, "declared size \(expectedSize) bytes is above the cap of \(limit) bytes")
        }
    }
}
