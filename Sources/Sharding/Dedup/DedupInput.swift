import Analysis
import Embedding
import Foundation
import LinearAlgebra
import PersonaKit

/// The vectors `spb-analyze dedup` works on, with one id per row.
///
/// Three kinds of input:
/// - a `.npy` float32 matrix; ids from `<stem>.ids.txt` beside it when present (one per line,
///   row-aligned), else the row numbers from 0;
/// - a folder of embed shards (`embeddings-0000I-of-0000N.npy`, `.ids.txt`, `.json`): every one
///   of the N manifests must exist (a shard without its manifest is unfinished), rows are
///   concatenated in shard order, ids come from the shards' `.ids.txt` (all or none);
/// - anything `spb-analyze audit` reads (a dataset file or a run directory): its stored
///   embeddings when they match, else embedded with the supplied encoder (MiniLM in the command);
///   ids are the dataset's record ids.
///
/// Rows are L2-normalised in place (``normalizeRows()``) before any scoring, so scores are cosine similarities.
public struct DedupInput: Sendable {
    /// Row i's vector, n × d.
    public var vectors: Matrix
    /// Row i's record id.
    public var ids: [String]
    /// `npy`, `shards` or the dataset format.
    public var kind: String
    /// The path given.
    public var source: String

    public init(vectors: Matrix, ids: [String], kind: String, source: String) {
        precondition(ids.count == vectors.rows, "\(ids.count) ids for \(vectors.rows) rows")
        self.vectors = vectors
        self.ids = ids
        self.kind = kind
        self.source = source
    }

    /// Lazily creates the encoder for a dataset without stored embeddings.
    public typealias EncoderLoader = @Sendable () throws -> any TextEncoder

    /// Reads `url` as one of the three kinds.
    /// - Throws: `InputError` (exit 65) for a missing, malformed or inconsistent input.
    public static func read(_ url: URL, options: AuditDataset.ReadOptions = .init(), encoder: EncoderLoader) async throws -> DedupInput {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "no such file or directory")
        }
        if isDirectory.boolValue, try ShardSet.find(in: url) != nil {
            return try readShards(url)
        }
        if !isDirectory.boolValue, url.pathExtension.lowercased() == "npy" {
            return try readNPY(url)
        }
        let dataset = try AuditDataset.read(url, options: options)
        guard dataset.count >= 1 else { throw InputError(file: url.relativePath, line: nil, field: nil, message: "no records") }
        let vectors: Matrix
        if let stored = dataset.storedEmbeddings, stored.rows == dataset.count {
            vectors = stored
        } else {
            vectors = try await Auditor.embed(dataset.texts, encoder: try encoder()) { _, _, _ in }
        }
        return DedupInput(vectors: vectors, ids: dataset.ids, kind: dataset.format, source: url.relativePath)
    }

    /// A `.npy` matrix and its optional `<stem>.ids.txt`.
    public static func readNPY(_ url: URL) throws -> DedupInput {
        let vectors = try NPYMatrix.read(url)
        let idsURL = url.deletingPathExtension().appendingPathExtension("ids.txt")
        let ids = try FileManager.default.fileExists(atPath: idsURL.path)
            ? readIDs(idsURL, rows: vectors.rows)
            : (0 ..< vectors.rows).map(String.init)
        return DedupInput(vectors: vectors, ids: ids, kind: "npy", source: url.relativePath)
    }

    /// All N shards of a shard folder, concatenated in shard order.
    public static func readShards(_ folder: URL) throws -> DedupInput {
        guard let set = try ShardSet.find(in: folder) else {
            throw InputError(file: folder.relativePath, line: nil, field: nil, message: "no embed shards found")
        }
        var headers = [NPYMatrix.Header]()
        var firstModel: String?
        for shard in 1 ... set.count {
            let manifest = folder.appendingPathComponent(ShardFiles.manifest(shard: shard, of: set.count))
            guard FileManager.default.fileExists(atPath: manifest.path) else {
                throw InputError(file: manifest.relativePath, line: nil, field: nil,
                                 message: "shard \(shard) of \(set.count) has no manifest (unfinished or missing); run spb-analyze embed --shard \(shard)/\(set.count)")
            }
            if let model = ShardManifest.read(manifest)?.model {
                if let firstModel, firstModel != model {
                    let (mine, first) = (EncoderPrecision(identifier: model), EncoderPrecision(identifier: firstModel))
                    let what = mine != first ? "was embedded at \(mine) precision, shard 1 at \(first)" : "was embedded with \(model), shard 1 with \(firstModel)"
                    throw InputError(file: manifest.relativePath, line: nil, field: "model",
                                     message: "shard \(shard) of \(set.count) \(what): embeddings of two encoders are never compared; "
                                         + "re-embed it with the same --precision")
                }
                firstModel = firstModel ?? model
            }
            let npy = folder.appendingPathComponent(ShardFiles.embeddings(shard: shard, of: set.count))
            guard FileManager.default.fileExists(atPath: npy.path) else {
                throw InputError(file: npy.relativePath, line: nil, field: nil, message: "shard \(shard) of \(set.count) has a manifest but no embeddings")
            }
            let header = try NPYMatrix.header(npy)
            if let first = headers.first, first.columns != header.columns {
                throw InputError(file: npy.relativePath, line: nil, field: nil,
                                 message: "\(header.columns) columns, shard 1 has \(first.columns)")
            }
            headers.append(header)
        }
        let columns = headers[0].columns
        let rows = headers.reduce(0) { $0 + $1.rows }
        var storage = [Float]()
        storage.reserveCapacity(rows * columns)
        var ids = [String]()
        ids.reserveCapacity(rows)
        let withIDs = (1 ... set.count).map { FileManager.default.fileExists(atPath: folder.appendingPathComponent(ShardFiles.ids(shard: $0, of: set.count)).path) }
        if withIDs.contains(true), withIDs.contains(false), let missing = withIDs.firstIndex(of: false) {
            throw InputError(file: folder.appendingPathComponent(ShardFiles.ids(shard: missing + 1, of: set.count)).relativePath, line: nil, field: nil,
                             message: "missing, while other shards have their ids")
        }
        for shard in 1 ... set.count {
            let header = headers[shard - 1]
            try NPYMatrix.append(folder.appendingPathComponent(ShardFiles.embeddings(shard: shard, of: set.count)), header: header, to: &storage)
            if withIDs[shard - 1] {
                ids += try readIDs(folder.appendingPathComponent(ShardFiles.ids(shard: shard, of: set.count)), rows: header.rows)
            } else {
                ids += (ids.count ..< ids.count + header.rows).map(String.init)
            }
        }
        return DedupInput(vectors: Matrix(rows: rows, columns: columns, storage: storage), ids: ids, kind: "shards", source: folder.relativePath)
    }

    /// One id per line (a final newline optional); the count must equal `rows`.
    static func readIDs(_ url: URL, rows: Int) throws -> [String] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "cannot read: \(error.localizedDescription)")
        }
        var ids = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.hasSuffix("\r") ? $0.dropLast() : $0) }
        if ids.last == "" { ids.removeLast() }
        guard ids.count == rows else {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "\(ids.count) ids for \(rows) rows")
        }
        return ids
    }

    /// Scales every row to unit length.
    /// - Throws: `InputError` naming the first row that is zero or has a NaN or infinite value.
    /// - Complexity: O(n · d).
    public mutating func normalizeRows() throws {
        let d = vectors.columns
        for row in 0 ..< vectors.rows {
            var sum: Double = 0
            for column in 0 ..< d {
                let value = vectors[row, column]
                guard value.isFinite else {
                    throw InputError(file: source, line: nil, field: "row \(row) (id \(ids[row]))", message: "non-finite value in column \(column)")
                }
                sum += Double(value) * Double(value)
            }
            guard sum > 0 else { throw InputError(file: source, line: nil, field: "row \(row) (id \(ids[row]))", message: "zero vector") }
        }
        Vectors.normalizeRows(&vectors)
    }
}

/// The shard count N found in a folder of embed shards.
struct ShardSet {
    let count: Int

    /// The N of the `embeddings-*-of-N.*` files in `folder`, nil when there are none.
    /// - Throws: `InputError` when files of different N are mixed.
    static func find(in folder: URL) throws -> ShardSet? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var counts = Set<Int>()
        for name in names where name.hasPrefix("embeddings-") {
            let parts = name.dropFirst("embeddings-".count).split(separator: ".", maxSplits: 1)
            let numbers = parts.first?.split(separator: "-") ?? []
            guard numbers.count == 3, numbers[1] == "of", let index = Int(numbers[0]), let count = Int(numbers[2]),
                  count >= 1, (1 ... count).contains(index) else { continue }
            counts.insert(count)
        }
        guard let count = counts.first else { return nil }
        guard counts.count == 1 else {
            throw InputError(file: folder.relativePath, line: nil, field: nil,
                             message: "shards of different counts (\(counts.sorted().map(String.init).joined(separator: ", "))) in one folder")
        }
        return ShardSet(count: count)
    }
}
