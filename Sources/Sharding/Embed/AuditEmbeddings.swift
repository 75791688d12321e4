import Analysis
import Embedding
import Foundation
import LinearAlgebra
import PersonaKit

/// Stored embeddings for `spb-analyze audit --embeddings E`, checked against the audit's settings
/// and put in the dataset's record order, so the audit need not embed.
///
/// E is a `.npy` float32 matrix (ids from `<stem>.ids.txt` beside it, a shard manifest from
/// `<stem>.json` when present) or a folder of `spb-analyze embed` shards (every manifest required).
/// Every manifest must name the audit's model (any precision of it), the audit's text template for
/// persona inputs (none for text inputs) and its name masking (`--keep-names`). Rows are matched to
/// records by id when ids are stored (the order may differ), else taken as row-aligned; either way
/// the row count must equal the record count. Any mismatch throws an `InputError` naming the file
/// and the field (exit 65).
public enum AuditEmbeddings {
    /// What the audit would have embedded: the model and how records became texts.
    public struct Expectation: Sendable, Equatable {
        /// The encoder identifier, e.g. `minilm:all-MiniLM-L6-v2` (``Embedding/MiniLMEncoder/identifier(modelDirectory:precision:)``).
        public var model: String
        /// The persona text template's source, nil for text inputs.
        public var textTemplateSource: String?
        /// The name-masking rule (``PersonaKit/PersonaTextTemplate/nameMasking``), nil for texts without names.
        public var nameMasking: String?

        /// The expectation for `dataset` read with `read`, embedded by `model`.
        public init(model: String, dataset: AuditDataset, read: AuditDataset.ReadOptions) {
            self.model = model
            let personas = dataset.personas != nil
            textTemplateSource = personas ? dataset.textTemplate.source : nil
            nameMasking = personas || read.nameField != nil ? dataset.textTemplate.nameMasking : nil
        }
    }

    /// The rows of `url` for an audit with MiniLM from the usual model folder (``load(_:for:expecting:)``
    /// expecting that model and `dataset` read with `read`), as `spb-analyze audit --embeddings` loads them.
    /// - Throws: as ``load(_:for:expecting:)``.
    public static func loadForMiniLM(_ url: URL, for dataset: AuditDataset, read: AuditDataset.ReadOptions) throws -> (vectors: Matrix, source: String) {
        let model = MiniLMEncoder.identifier(modelDirectory: (try? MiniLMEncoder.locateModelDirectory())
            ?? URL(fileURLWithPath: MiniLMEncoder.defaultDirectoryName))
        return try load(url, for: dataset, expecting: Expectation(model: model, dataset: dataset, read: read))
    }

    /// The rows of `url` in the order of `dataset`'s records, and a sentence saying where they came from.
    /// - Throws: `InputError` for a missing or malformed file, a manifest that does not match
    ///   `expected`, a row count other than the record count, ids that do not match, or a zero or
    ///   non-finite row.
    /// - Complexity: O(n · d) time and memory (one copy more when rows are reordered).
    public static func load(_ url: URL, for dataset: AuditDataset, expecting expected: Expectation) throws -> (vectors: Matrix, source: String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "no such file or directory")
        }
        var input: DedupInput, hasIDs: Bool, manifests: [(url: URL, manifest: ShardManifest)]
        if isDirectory.boolValue {
            guard let set = try ShardSet.find(in: url) else {
                throw InputError(file: url.relativePath, line: nil, field: nil,
                                 message: "no embed shards (embeddings-0000I-of-0000N.npy) in this folder; --embeddings takes a .npy file or a folder of spb-analyze embed shards")
            }
            manifests = try (1 ... set.count).map { shard in
                let manifestURL = url.appendingPathComponent(ShardFiles.manifest(shard: shard, of: set.count))
                return (manifestURL, try readManifest(manifestURL, shard: "shard \(shard) of \(set.count)"))
            }
            input = try DedupInput.readShards(url)
            hasIDs = FileManager.default.fileExists(atPath: url.appendingPathComponent(ShardFiles.ids(shard: 1, of: set.count)).path)
        } else {
            guard url.pathExtension.lowercased() == "npy" else {
                throw InputError(file: url.relativePath, line: nil, field: nil, message: "--embeddings takes a .npy file or a folder of spb-analyze embed shards")
            }
            let manifestURL = url.deletingPathExtension().appendingPathExtension("json")
            manifests = FileManager.default.fileExists(atPath: manifestURL.path) ? [(manifestURL, try readManifest(manifestURL, shard: "the manifest beside it"))] : []
            input = try DedupInput.readNPY(url)
            hasIDs = FileManager.default.fileExists(atPath: url.deletingPathExtension().appendingPathExtension("ids.txt").path)
        }
        for (manifestURL, manifest) in manifests { try check(manifest, at: manifestURL, against: expected, columns: input.vectors.columns) }
        guard input.vectors.rows == dataset.count else {
            throw InputError(file: url.relativePath, line: nil, field: nil,
                             message: "\(input.vectors.rows) rows of embeddings, but \(dataset.source) has \(dataset.count) records"
                                 + (dataset.skippedRecords > 0 ? " (\(dataset.skippedRecords) skipped with --skip-invalid)" : "")
                                 + "; embed the same input with the same reading flags")
        }
        try input.normalizeRows()
        let order = hasIDs ? try rowOrder(ids: input.ids, file: url, dataset: dataset) : nil
        let vectors = order.map { input.vectors.selecting(rows: $0) } ?? input.vectors
        return (vectors, description(url, isFolder: isDirectory.boolValue, manifests: manifests.map(\.manifest), hasIDs: hasIDs, reordered: order != nil))
    }

    /// The manifest at `url`.
    /// - Throws: `InputError` when it is not a shard manifest.
    static func readManifest(_ url: URL, shard: String) throws -> ShardManifest {
        guard let manifest = ShardManifest.read(url) else {
            throw InputError(file: url.relativePath, line: nil, field: nil,
                             message: "\(shard): not a shard manifest, so the model and text template cannot be checked")
        }
        return manifest
    }

    /// Checks one manifest's model, template, masking and dimension.
    /// - Throws: `InputError` naming the manifest and the field.
    static func check(_ manifest: ShardManifest, at url: URL, against expected: Expectation, columns: Int) throws {
        func mismatch(_ field: String, _ message: String) -> InputError { InputError(file: url.relativePath, line: nil, field: field, message: message) }
        let base = { (identifier: String) in identifier.split(separator: "@", maxSplits: 1).first.map(String.init) ?? identifier }
        guard base(manifest.model) == base(expected.model) else {
            throw mismatch("model", "embedded with \(manifest.model), the audit embeds with \(expected.model): its thresholds and "
                + "sections assume that model; re-embed with spb-analyze embed")
        }
        guard manifest.dimension == columns else {
            throw mismatch("dimension", "the manifest says \(manifest.dimension) values per row, the embeddings have \(columns)")
        }
        switch (manifest.textTemplateSource ?? manifest.textTemplate, expected.textTemplateSource) {
        case (nil, let wanted?):
            throw mismatch("text_template", "embedded from texts, but the audit reads personas through the template \"\(wanted)\"")
        case (let made?, nil):
            throw mismatch("text_template", "embedded from personas through the template \"\(made)\", but the audit reads texts (--text-field or --column)")
        case let (made?, wanted?) where made != wanted && !(made == "default" && wanted == PersonaTextTemplate.default.source):
            throw mismatch("text_template", "embedded through the template \"\(made)\", the audit reads personas through \"\(wanted)\"")
        default:
            break
        }
        // Persona shards made before name masking existed kept the names.
        let masking = manifest.nameMasking ?? (manifest.textTemplate != nil ? PersonaTextTemplate.noNameMasking : nil)
        guard masking == expected.nameMasking else {
            let keepNames = expected.nameMasking == PersonaTextTemplate.noNameMasking
            throw mismatch("name_masking", "embedded with name masking \(masking ?? "(none recorded)"), the audit reads with \(expected.nameMasking ?? "(none)")"
                + (masking == PersonaTextTemplate.noNameMasking ? ": give --keep-names to audit them with names" : keepNames ? ": drop --keep-names" : ""))
        }
    }

    /// The stored row of each record when the ids are not already in the dataset's order; nil when they are.
    /// - Throws: `InputError` for a repeated id on either side or an id missing on either side.
    static func rowOrder(ids: [String], file: URL, dataset: AuditDataset) throws -> [Int]? {
        guard ids != dataset.ids else { return nil }
        var rowOfID = [String: Int](minimumCapacity: ids.count)
        for (row, id) in ids.enumerated() {
            if let earlier = rowOfID.updateValue(row, forKey: id) {
                throw InputError(file: file.relativePath, line: nil, field: "id",
                                 message: "id \"\(id)\" is on rows \(earlier) and \(row); ids must be unique to match rows to records")
            }
        }
        var seen = Set<String>(minimumCapacity: dataset.count)
        var order = [Int]()
        order.reserveCapacity(dataset.count)
        for id in dataset.ids {
            guard seen.insert(id).inserted else {
                throw InputError(file: dataset.source, line: nil, field: "id",
                                 message: "id \"\(id)\" is on two records, and the stored ids are in another order: rows cannot be matched to records")
            }
            guard let row = rowOfID[id] else {
                let missing = dataset.ids.filter { rowOfID[$0] == nil }
                let recordIDs = Set(dataset.ids)
                let stray = ids.first { !recordIDs.contains($0) }
                throw InputError(file: file.relativePath, line: nil, field: "id",
                                 message: "the ids do not match the records: \(missing.count) record ids have no row (first \"\(id)\" of \(dataset.source))"
                                     + (stray.map { "; the stored id \"\($0)\" is no record's" } ?? ""))
            }
            order.append(row)
        }
        return order
    }

    /// Where the rows came from, for the report.
    static func description(_ url: URL, isFolder: Bool, manifests: [ShardManifest], hasIDs: Bool, reordered: Bool) -> String {
        var parts = [isFolder ? "\(manifests.count) spb-analyze embed shard\(manifests.count == 1 ? "" : "s") in \(url.relativePath)" : url.relativePath]
        if let first = manifests.first {
            parts.append("\(first.model) (\(first.precision ?? EncoderPrecision(identifier: first.model).rawValue))")
            if let masking = first.nameMasking { parts.append("name masking \(masking)") }
        } else {
            parts.append("no manifest: model and text template not recorded, so not checked")
        }
        parts.append(hasIDs ? (reordered ? "rows matched to records by id" : "ids equal the records' in order") : "row-aligned (no ids file)")
        return "stored embeddings: " + parts.joined(separator: ", ")
    }
}
