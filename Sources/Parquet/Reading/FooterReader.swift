/// Reads and decodes the footer: `PAR1` at both ends, the 4-byte footer length before the final
/// magic, and the Thrift `FileMetaData` before that.
enum FooterReader {
    private static let magic: [UInt8] = Array("PAR1".utf8)
    private static let encryptedMagic: [UInt8] = Array("PARE".utf8)

    /// The file's metadata.
    ///
    /// - Throws: ``ParquetError`` when the file is not Parquet, is encrypted, or its footer is damaged or above the cap.
    static func read(_ source: FileSource, limits: ParquetReadLimits) throws(ParquetError) -> FileMetaData {
        guard source.size >= 12 else {
            throw ParquetError(.notParquet, file: source.path, detail: "the file has \(source.size) bytes, fewer than the 12 of an empty Parquet file")
        }
        let head = try source.read(offset: 0, count: 4)
        let tail = try source.read(offset: source.size - 8, count: 8)
        let tailMagic = Array(tail[4...])
        if tailMagic == encryptedMagic {
            throw ParquetError(.unsupported, file: source.path, feature: "encrypted footer", detail: "the file ends with PARE")
        }
        guard head == magic, tailMagic == magic else {
            throw ParquetError(.notParquet, file: source.path, detail: "the file does not start and end with PAR1")
        }
        let length = Int(tail[...].uint32LE(at: 0))
        guard length <= source.size - 12 else {
            throw ParquetError(.malformed, file: source.path, detail: "the footer length \(length) exceeds the file's \(source.size) bytes")
        }
        guard length <= limits.maxFooterBytes else {
            throw ParquetError(.limitExceeded, file: source.path, detail: "the footer of \(length) bytes is above the cap of \(limits.maxFooterBytes)")
        }
        let footer = try source.read(offset: source.size - 8 - length, count: length)
        let metadata: FileMetaData
        do {
            metadata = try FileMetaData(decoding: footer[...])
        } catch {
            throw error.located(file: source.path)
        }
        if metadata.isEncrypted {
            throw ParquetError(.unsupported, file: source.path, feature: "encrypted columns", detail: "the footer names an encryption algorithm")
        }
        return metadata
    }
}
