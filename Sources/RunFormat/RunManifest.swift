import Foundation
import PersonaKit

/// `manifest.json`: what produced a run directory.
///
/// The header is the same for every reader; `Settings` is the type `config` is read as. The generator
/// writes and resumes with its whole configuration (Generation's `GenerationManifest`); the audit and
/// the other readers decode ``RunSettings``, the part of `config` they interpret, which the generator's
/// configuration encodes through that same type.
public struct RunManifest<Settings: Sendable & Equatable>: Sendable, Equatable {
    /// Always `spb-generate`.
    public var tool: String
    /// The tool's version.
    public var version: String
    /// ISO 8601 time the run was created.
    public var created: String
    /// The run's settings.
    public var config: Settings
    /// `TextEncoder.identifier` of the encoder that produced `embeddings.f32`.
    public var encoderIdentifier: String
    /// Embedding length (the dimension of `embeddings.f32`).
    public var embeddingDimension: Int
    /// Number of seed personas (all are in the gate's index besides the accepted ones).
    public var seedPersonas: Int
    /// The prompt's two messages as templates (placeholders unfilled), so an audit can tell text copied
    /// from the instructions; absent in manifests written before content rules existed.
    public var prompt: PromptRecord?

    /// A manifest from its parts.
    public init(tool: String, version: String, created: String, config: Settings, encoderIdentifier: String, embeddingDimension: Int,
                seedPersonas: Int, prompt: PromptRecord?) {
        self.tool = tool
        self.version = version
        self.created = created
        self.config = config
        self.encoderIdentifier = encoderIdentifier
        self.embeddingDimension = embeddingDimension
        self.seedPersonas = seedPersonas
        self.prompt = prompt
    }

    enum CodingKeys: String, CodingKey {
        case tool, version, created, config, prompt
        case encoderIdentifier = "encoder_identifier"
        case embeddingDimension = "embedding_dimension"
        case seedPersonas = "seed_personas"
    }
}

extension RunManifest: Decodable where Settings: Decodable {
    /// Reads `manifest.json` from a run directory.
    /// - Throws: `InputError` naming the file and the field for a missing, unreadable or malformed manifest.
    public static func read(directory: URL) throws -> RunManifest {
        let url = directory.appendingPathComponent(RunFiles.manifest)
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "cannot read (\(error.localizedDescription))")
        }
        return try RunRecordCoding.decode(RunManifest.self, from: data, file: url.relativePath)
    }

    /// Reads `manifest.json` from a run directory, or nil when it has none.
    /// - Throws: `InputError` naming the file and the field for an unreadable or malformed manifest.
    public static func readIfPresent(directory: URL) throws -> RunManifest? {
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent(RunFiles.manifest).path) else { return nil }
        return try read(directory: directory)
    }
}

extension RunManifest: Encodable where Settings: Encodable {
    /// Writes the manifest into `directory` atomically (``RunRecordCoding/document(_:)``: keys sorted, pretty-printed).
    /// - Throws: ``RunFileError`` when it cannot be encoded or written.
    public func write(directory: URL) throws {
        let url = directory.appendingPathComponent(RunFiles.manifest)
        do { try RunRecordCoding.document(self).write(to: url, options: .atomic) } catch {
            throw RunFileError("\(url.path): cannot write (\(error.localizedDescription))")
        }
    }
}

/// The prompt as the manifest records it.
public struct PromptRecord: Sendable, Codable, Equatable {
    /// The system message template.
    public var system: String
    /// The user message template.
    public var user: String

    /// A record of the two templates.
    public init(system: String, user: String) {
        self.system = system
        self.user = user
    }
}

/// The settings in a manifest's `config` that tools other than the generator interpret: the chat model,
/// its endpoint and the seed (for a dataset card), the inputs the run sampled from, the name masking its
/// embeddings were made with, and steering (for the audit and `spb-analyze embed`).
///
/// The generator's configuration encodes these keys through this type, beside its own settings in
/// the same object, so a reader and the writer share one declaration of each key.
public struct RunSettings: Sendable, Codable, Equatable {
    /// Chat model name sent to the endpoint and stored in each persona's `model`.
    public var model: String
    /// Seed of all sampling.
    public var seed: UInt64
    /// OpenAI-compatible base URL.
    public var baseURL: String
    /// Inputs directory (nil: the bundled default set).
    public var inputs: String?
    /// Single input files that replace the inputs directory's, by file name (`persona_components.json` →
    /// an absolute path); absent in manifests written before overrides were recorded.
    public var inputOverrides: [String: String]?
    /// The name-masking rule the run's texts and `embeddings.f32` were made with (`own-name:Someone`, or
    /// `none`); nil in manifests written before masking existed, whose runs kept names.
    public var nameMasking: String?
    /// Closed-loop steering; nil in manifests written before steering existed (those runs were not steered).
    public var steering: SteeringSettings?

    /// Settings from their values.
    public init(model: String, seed: UInt64, baseURL: String, inputs: String? = nil, inputOverrides: [String: String]? = nil,
                nameMasking: String? = nil, steering: SteeringSettings? = nil) {
        self.model = model
        self.seed = seed
        self.baseURL = baseURL
        self.inputs = inputs
        self.inputOverrides = inputOverrides
        self.nameMasking = nameMasking
        self.steering = steering
    }

    /// The keys, as written in `config`.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case model, seed, inputs, steering
        case baseURL = "base_url"
        case inputOverrides = "input_overrides"
        case nameMasking = "name_masking"
    }
}
