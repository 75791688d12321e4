import Foundation
import LinearAlgebra
import PersonaKit
import VectorIndex

/// The files the staged dedup (`spb-analyze dedup --stage plan|join|merge`) shares through
/// `<out>/work/`, on storage every node sees: one name per concept, and the two little-endian
/// binary layouts (row lists and pair lists).
///
/// - `plan.json`: the plan (``DedupPlan``), written last by the plan stage;
/// - `vectors.npy`, `ids.json`: the normalised rows and their ids;
/// - `partitions.bin`: every top-level partition's rows (int32, ascending), back to back;
/// - `pairs-0000J.bin` + `pairs-0000J.json`: join task J's pairs (int32 first, int32 second,
///   float32 score) and its figures, the `.json` written last (its presence marks the task done).
public struct DedupWorkFiles: Sendable {
    /// `<out>/work`.
    public let directory: URL

    /// The work folder of the dedup writing into `out`.
    public init(out: URL) { directory = out.appendingPathComponent("work") }

    public var plan: URL { directory.appendingPathComponent("plan.json") }
    public var vectors: URL { directory.appendingPathComponent("vectors.npy") }
    public var ids: URL { directory.appendingPathComponent("ids.json") }
    public var partitions: URL { directory.appendingPathComponent("partitions.bin") }

    /// Task `task`'s pairs.
    public func pairs(task: Int) -> URL { directory.appendingPathComponent("pairs-\(ShardFiles.padded(task)).bin") }

    /// Task `task`'s figures (written after its pairs).
    public func taskReport(task: Int) -> URL { directory.appendingPathComponent("pairs-\(ShardFiles.padded(task)).json") }

    /// Bytes of one stored pair.
    static let pairBytes = 12

    /// `pairs` as 12-byte little-endian records.
    static func encode(_ pairs: [SimilarPair]) -> Data {
        var data = Data(capacity: pairs.count * pairBytes)
        for pair in pairs {
            appendLittleEndian(UInt32(truncatingIfNeeded: pair.first), to: &data)
            appendLittleEndian(UInt32(truncatingIfNeeded: pair.second), to: &data)
            appendLittleEndian(pair.score.bitPattern, to: &data)
        }
        return data
    }

    /// The pairs of a file written by ``encode(_:)``, each checked against `rows`.
    /// - Throws: `InputError` naming the file for a size that is not whole records or a row out of range.
    static func decodePairs(_ url: URL, rows: Int) throws -> [SimilarPair] {
        let data = try read(url)
        guard data.count % pairBytes == 0 else {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "\(data.count) bytes is not a whole number of \(pairBytes)-byte pairs")
        }
        let fields = words(data)
        var pairs = [SimilarPair]()
        pairs.reserveCapacity(data.count / pairBytes)
        for index in 0 ..< data.count / pairBytes {
            let first = Int(fields[3 * index]), second = Int(fields[3 * index + 1])
            let score = Float(bitPattern: fields[3 * index + 2])
            guard first < second, second < rows, score.isFinite else {
                throw InputError(file: url.relativePath, line: nil, field: "pair \(index)",
                                 message: "(\(first), \(second), \(score)) is not a pair of rows below \(rows)")
            }
            pairs.append(SimilarPair(first: first, second: second, score: score))
        }
        return pairs
    }

    /// `rows` as little-endian int32.
    static func encode(rows: [Int32]) -> Data {
        var data = Data(capacity: rows.count * 4)
        for row in rows { appendLittleEndian(UInt32(bitPattern: row), to: &data) }
        return data
    }

    /// `count` int32 rows starting at row-list position `offset` of `url`, each checked against `rows`.
    /// - Throws: `InputError` naming the file when it is short or holds a row out of range.
    static func readRows(_ url: URL, offset: Int, count: Int, rows: Int) throws -> [Int32] {
        func failure(_ message: String) -> InputError { InputError(file: url.relativePath, line: nil, field: nil, message: message) }
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(offset * 4))
            data = try handle.read(upToCount: count * 4) ?? Data()
        } catch { throw failure("cannot read: \(error.localizedDescription)") }
        guard data.count == count * 4 else { throw failure("truncated: \(count) rows wanted at row \(offset), \(data.count / 4) there") }
        let list = words(data).map { Int32(bitPattern: $0) }
        guard list.allSatisfy({ $0 >= 0 && Int($0) < rows }) else { throw failure("a row outside 0..<\(rows) at rows \(offset)..<\(offset + count)") }
        return list
    }

    static func read(_ url: URL) throws -> Data {
        do { return try Data(contentsOf: url) } catch {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "cannot read: \(error.localizedDescription)")
        }
    }

    private static func appendLittleEndian(_ value: UInt32, to data: inout Data) {
        data.append(Float32Bytes.encode(value))
    }

    /// The little-endian 32-bit words of `data`, in order (a trailing part-word is ignored).
    private static func words(_ data: Data) -> [UInt32] {
        stride(from: 0, to: data.count - 3, by: 4).compactMap { Float32Bytes.word(data, at: $0) }
    }
}
