import Foundation
import LinearAlgebra

/// A read-only view of a `.safetensors` file: an 8-byte little-endian header length, a JSON
/// header naming each tensor's dtype, shape and byte range, then the raw data section.
///
/// The file is memory-mapped; tensors are copied out on request. Every length and offset is
/// checked against the file before use, so a truncated or hostile file throws instead of trapping.
public struct SafetensorsFile: Sendable {
    /// Where one tensor lives and what it holds.
    public struct TensorInfo: Sendable, Equatable {
        /// The safetensors dtype name, e.g. `F32`, `I64`.
        public let dtype: String
        /// The tensor's shape (empty for a scalar).
        public let shape: [Int]
        /// Byte range inside the data section.
        public let byteRange: Range<Int>
    }

    /// Largest header accepted (the format's own limit is 100 MB).
    public static let maximumHeaderLength = 100 << 20

    /// The file read.
    public let url: URL
    /// Tensor entries by their exact name in the file (the `__metadata__` entry is left out).
    public let tensors: [String: TensorInfo]
    private let contents: Data
    private let dataStart: Int

    /// Maps and validates `url`.
    /// - Throws: ``ModelFileError`` with code `.missingFile`, `.unreadable`, `.badHeader` or `.badOffsets`.
    /// - Complexity: O(header size); the data section is mapped, not read.
    public init(url: URL) throws(ModelFileError) {
        self.url = url
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ModelFileError(.missingFile, file: url, "no such file")
        }
        let contents: Data
        do { contents = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw ModelFileError(.unreadable, file: url, "\(error.localizedDescription)")
        }
        guard contents.count >= 8 else {
            throw ModelFileError(.badHeader, file: url, "file has \(contents.count) bytes, fewer than the 8-byte header length")
        }
        let declared = contents.prefix(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard declared <= UInt64(Self.maximumHeaderLength) else {
            throw ModelFileError(.badHeader, file: url, "header length \(declared) exceeds the \(Self.maximumHeaderLength)-byte cap")
        }
        let headerLength = Int(declared)
        guard 8 + headerLength <= contents.count else {
            throw ModelFileError(.badHeader, file: url, "header length \(headerLength) runs past the end of the \(contents.count)-byte file")
        }
        let header = contents.subdata(in: contents.startIndex + 8 ..< contents.startIndex + 8 + headerLength)
        self.contents = contents
        self.dataStart = 8 + headerLength
        self.tensors = try Self.parseHeader(header, dataLength: contents.count - dataStart, url: url)
    }

    /// The elements of a `F32` tensor, checked against the expected shape.
    /// - Parameters:
    ///   - name: the tensor's exact name in the file.
    ///   - shape: the shape the caller needs.
    /// - Throws: `.missingTensor`, `.unsupportedDType` (anything but `F32`) or `.wrongShape`.
    /// - Complexity: O(number of elements).
    public func floats(_ name: String, shape: [Int]) throws(ModelFileError) -> [Float] {
        guard let info = tensors[name] else {
            throw ModelFileError(.missingTensor, file: url, "tensor \"\(name)\" is not in the file")
        }
        guard info.dtype == "F32" else {
            throw ModelFileError(.unsupportedDType, file: url, "tensor \"\(name)\" has dtype \(info.dtype); only F32 is supported")
        }
        guard info.shape == shape else {
            throw ModelFileError(.wrongShape, file: url, "tensor \"\(name)\" has shape \(info.shape), expected \(shape)")
        }
        return Float32Bytes.decode(contents, byteOffset: dataStart + info.byteRange.lowerBound, count: info.byteRange.count / 4)
    }

    private static let elementSizes: [String: Int] = [
        "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1,
        "U64": 8, "U32": 4, "U16": 2, "U8": 1, "BOOL": 1, "F8_E4M3": 1, "F8_E5M2": 1,
    ]

    /// One header entry as written; `__metadata__` decodes with every field absent.
    private struct RawEntry: Decodable {
        let dtype: String?
        let shape: [Int]?
        let data_offsets: [Int]?
    }

    private static func parseHeader(_ header: Data, dataLength: Int, url: URL) throws(ModelFileError) -> [String: TensorInfo] {
        let entries: [String: RawEntry]
        do { entries = try JSONDecoder().decode([String: RawEntry].self, from: header) } catch {
            throw ModelFileError(.badHeader, file: url, "header is not a JSON object of tensor entries (\(error))")
        }
        var tensors = [String: TensorInfo]()
        for (name, entry) in entries where name != "__metadata__" {
            guard let dtype = entry.dtype, let shape = entry.shape, let offsets = entry.data_offsets else {
                throw ModelFileError(.badHeader, file: url, "tensor \"\(name)\" lacks dtype, shape or data_offsets")
            }
            guard offsets.count == 2, shape.allSatisfy({ $0 >= 0 }) else {
                throw ModelFileError(.badHeader, file: url, "tensor \"\(name)\": data_offsets \(offsets) or shape \(shape) malformed")
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard 0 <= begin, begin <= end, end <= dataLength else {
                throw ModelFileError(.badOffsets, file: url, "tensor \"\(name)\": data_offsets [\(begin), \(end)] outside the \(dataLength)-byte data section")
            }
            if let size = elementSizes[dtype] {
                var bytes = size
                for dimension in shape {
                    let (product, overflow) = bytes.multipliedReportingOverflow(by: dimension)
                    guard !overflow else { throw ModelFileError(.badHeader, file: url, "tensor \"\(name)\": shape \(shape) overflows") }
                    bytes = product
                }
                guard bytes == end - begin else {
                    throw ModelFileError(.badOffsets, file: url, "tensor \"\(name)\": \(dtype) \(shape) needs \(bytes) bytes, data_offsets span \(end - begin)")
                }
            }
            tensors[name] = TensorInfo(dtype: dtype, shape: shape, byteRange: begin ..< end)
        }
        return tensors
    }
}
