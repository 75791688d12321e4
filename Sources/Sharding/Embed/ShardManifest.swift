import Foundation

/// The manifest of one embedding shard (`embeddings-0000I-of-0000N.json`), written last: its
/// presence with a matching checksum marks the shard finished.
public struct ShardManifest: Codable, Sendable, Equatable {
    /// The manifest layout's version (1).
    public var version = 1
    /// This shard, 1-based.
    public var shard: Int
    /// Shards the input is cut into.
    public var shards: Int
    /// The encoder, e.g. `minilm:all-MiniLM-L6-v2` (for stored run embeddings, the run's encoder).
    public var model: String
    /// The encoder's precision as it ran (`fp32`, `int8`: ``Embedding/EncoderPrecision``); nil in shards made
    /// before precisions existed (fp32). Dedup refuses a shard set that mixes precisions.
    public var precision: String?
    /// Values per row.
    public var dimension: Int
    /// `encoded`, or `stored` when a run directory's `embeddings.f32` rows were re-emitted.
    public var embeddingsSource: String
    /// How personas became text: `default` (``PersonaKit/PersonaTextTemplate/default``); nil for text inputs.
    public var textTemplate: String?
    /// The template's text, for persona inputs.
    public var textTemplateSource: String?
    /// The name-masking rule the texts were made with (`own-name:Someone` or `none`, see
    /// ``PersonaKit/PersonaTextTemplate/nameMasking``); nil for texts without names, and in shards made
    /// before masking existed (which kept names).
    public var nameMasking: String?
    /// Rows in the `.npy` (and lines in the ids file).
    public var count: Int
    /// The shard's first record index (0-based, in input order); nil for an empty shard.
    public var firstRecord: Int?
    /// The shard's last record index (inclusive); nil for an empty shard.
    public var lastRecord: Int?
    /// Good records in the whole input.
    public var totalRecords: Int
    /// Records left out with `--skip-invalid` (not counted as records).
    public var skippedRecords: Int
    /// The SHA-256 of the `.npy` file's bytes, header included (lowercase hex).
    public var npySHA256: String
    /// The `.npy` file's size in bytes.
    public var npyBytes: Int
    /// The SHA-256 of the ids file's bytes.
    public var idsSHA256: String
    /// The input as given on the command line.
    public var inputPath: String
    /// The size in bytes of the file the records were read from.
    public var inputBytes: Int
    /// The input format (`jsonl`, `json`, `text`, `csv:COLUMN`, `jsonl:FIELD`, or a run directory).
    public var inputFormat: String

    enum CodingKeys: String, CodingKey {
        case version, shard, shards, model, precision, dimension, count
        case embeddingsSource = "embeddings_source"
        case textTemplate = "text_template"
        case textTemplateSource = "text_template_source"
        case nameMasking = "name_masking"
        case firstRecord = "first_record"
        case lastRecord = "last_record"
        case totalRecords = "total_records"
        case skippedRecords = "skipped_records"
        case npySHA256 = "npy_sha256"
        case npyBytes = "npy_bytes"
        case idsSHA256 = "ids_sha256"
        case inputPath = "input_path"
        case inputBytes = "input_bytes"
        case inputFormat = "input_format"
    }

    /// The manifest as pretty-printed JSON with sorted keys (the same shard always gives the same bytes).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Reads a manifest; nil when the file is absent or not a manifest (a shard to redo).
    public static func read(_ url: URL) -> ShardManifest? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try? JSONDecoder().decode(ShardManifest.self, from: data)
    }
}
