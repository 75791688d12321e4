import Codecs

extension CompressionCodec {
    /// Whether pages compressed with this codec can be read and written.
    var isSupported: Bool { [.uncompressed, .snappy, .gzip, .zstd].contains(self) }

    /// The decompressed bytes of a page section, which must be exactly `expectedSize` bytes.
    ///
    /// - Parameters:
    ///   - input: The compressed bytes.
    ///   - expectedSize: The size the page header declares.
    ///   - limit: The largest size accepted.
    /// - Throws: ``ParquetError`` for a corrupt stream, a size mismatch or a size above `limit`.
    func decompress(_ input: ArraySlice<UInt8>, expectedSize: Int, limit: Int) throws(ParquetError) -> ArraySlice<UInt8> {
        do {
            switch self {
            case .uncompressed:
                guard input.count == expectedSize else {
                    throw ParquetError.malformed("an uncompressed page section of \(input.count) bytes declares \(expectedSize)")
                }
                return input
            case .snappy: return try Snappy.decompress(input, expectedSize: expectedSize, limit: limit)[...]
            case .gzip: return try Gzip.decompress(input, expectedSize: expectedSize, limit: limit)[...]
            case .zstd: return try Zstd.decompress(input, expectedSize: expectedSize, limit: limit)[...]
            default: throw ParquetError.unsupported("\(self) compression")
            }
        } catch let error as CodecError {
            throw error.code == .limitExceeded ? ParquetError.limit("page: \(error)") : ParquetError.malformed("page: \(error)")
        } catch let error as ParquetError {
            throw error
        } catch {
            throw ParquetError.malformed("page: \(error)")
        }
    }

    /// The compressed bytes of a page body.
    func compress(_ input: ArraySlice<UInt8>) throws(ParquetError) -> [UInt8] {
        do {
            switch self {
            case .uncompressed: return Array(input)
            case .snappy: return try Snappy.compress(input)
            case .gzip: return try Gzip.compress(input)
            case .zstd: return try Zstd.compress(input)
            default: throw ParquetError.unsupported("\(self) compression")
            }
        } catch let error as ParquetError {
            throw error
        } catch {
            throw ParquetError(.io, file: "", detail: "compressing a page: \(error)")
        }
    }
}
