import ContentChecks
import Embedding
import FieldScoring
import Foundation
import Judging
import PersonaKit

/// Every setting of a generation run; recorded in `manifest.json` (never the API key itself).
public struct GenerationConfig: Sendable, Codable, Equatable {
    /// Accepted personas wanted in the run directory.
    public var target: Int
    /// Seed of all sampling (per-attempt generators are derived from it).
    public var seed: UInt64
    /// Requests in flight at once.
    public var concurrency: Int
    /// The reference rule (3 of the last 20 accepted, seeds every 50 attempts).
    public var references: ReferencePolicy
    /// Cosine threshold of the semantic gate: rejected when best similarity >= threshold.
    public var threshold: Float
    /// Which deduplication applies.
    public var gate: GateMode
    /// Encoder backend name (`minilm`, `hashed-ngrams`, `openai`).
    public var encoder: String
    /// Chat model name sent to the endpoint and stored in each persona's `model`.
    public var model: String
    /// OpenAI-compatible base URL (the client appends `/v1/chat/completions`).
    public var baseURL: String
    /// Name of the environment variable holding the API key.
    public var apiKeyEnv: String
    /// `auto`, `json-schema`, `json-object-schema`, `json-object` or `none`.
    public var structuredOutput: String
    /// Sampling temperature.
    public var temperature: Double
    /// Completion token cap per request.
    public var maxTokens: Int
    /// Per-request timeout in seconds.
    public var timeoutSeconds: Double
    /// HTTP attempts per request (retry policy), including the first.
    public var retries: Int
    /// Attempts this invocation may make before giving up (exit 1).
    public var maxAttempts: Int
    /// Attempts in a row that may fail to connect to the endpoint before the run stops (exit 1).
    public var maxConnectionFailures: Int {
        get { storedMaxConnectionFailures ?? Self.defaultMaxConnectionFailures }
        set { storedMaxConnectionFailures = newValue }
    }
    /// Absent in manifests written before the setting existed.
    private var storedMaxConnectionFailures: Int?
    /// Candidates with a larger share of characters the encoder cannot read skip the semantic
    /// check (`TextReadability`; MiniLM only): accepted unless an exact duplicate.
    public var maxUnreadableShare: Double {
        get { storedMaxUnreadableShare ?? TextReadability.defaultMaxUnreadableShare }
        set { storedMaxUnreadableShare = newValue }
    }
    /// Absent in manifests written before the setting existed.
    private var storedMaxUnreadableShare: Double?
    /// Closed-loop steering (``SteeringSettings``); off unless `--steer` says otherwise.
    public var steering: SteeringSettings {
        get { storedSteering ?? SteeringSettings(parts: []) }
        set { storedSteering = newValue }
    }
    /// Absent in manifests written before steering existed (those runs were not steered).
    private var storedSteering: SteeringSettings?
    /// The semantic gate's first-stage score (`--score`): the whole-text cosine against ``threshold``,
    /// or the field-aware probability against p* (`FieldScoreModel.fitted.decisionThreshold`).
    public var score: GateScore {
        get { storedScore ?? .cosine }
        set { storedScore = newValue }
    }
    /// Absent in manifests written before `--score` existed (those runs used the cosine).
    private var storedScore: GateScore?
    /// The LLM judge of the ambiguous band (nil: off, the default).
    public var judge: JudgeSettings?
    /// Content rules switched off (`--allow`); every other ``ContentRule`` rejects a candidate before it is embedded.
    public var allowedContentRules: [ContentRule] {
        get { storedAllowedContentRules ?? [] }
        set { storedAllowedContentRules = newValue.sorted() }
    }
    /// Absent in manifests written before content rules existed (those runs resume with every rule on).
    private var storedAllowedContentRules: [ContentRule]?
    /// The name-masking rule the run's texts (and `embeddings.f32`) are made with
    /// (``PersonaKit/PersonaTextTemplate/nameMasking``): `own-name:Someone`, or `none` with `--keep-names`.
    public var nameMasking: String {
        get { storedNameMasking ?? PersonaTextTemplate.noNameMasking }
        set { storedNameMasking = newValue }
    }
    /// Absent in manifests written before name masking existed: those runs keep names, as their embeddings were made.
    private var storedNameMasking: String?
    /// Whether the manifest this configuration came from recorded ``nameMasking`` (false for runs made before it existed).
    public var recordsNameMasking: Bool { storedNameMasking != nil }
    /// The MiniLM encoder's precision that made the run's `embeddings.f32` (`--precision`), as it ran (a
    /// precision the CPU could not run is recorded as the fp32 that ran instead).
    public var encoderPrecision: EncoderPrecision {
        get { storedEncoderPrecision ?? .fp32 }
        set { storedEncoderPrecision = newValue }
    }
    /// Absent in manifests written before `--precision` existed (those runs are fp32).
    private var storedEncoderPrecision: EncoderPrecision?
    /// The persona text template of the run: the default one, masking names unless ``nameMasking`` is `none`.
    public var textTemplate: PersonaTextTemplate {
        nameMasking == PersonaTextTemplate.noNameMasking ? PersonaTextTemplate.default.keepingNames() : .default
    }
    /// Existing datasets no accepted persona may duplicate (`--avoid`), each with the checksum, size and
    /// record count of the file as the run read it (``AvoidSet``).
    public var avoid: [AvoidSet] {
        get { storedAvoid ?? [] }
        set { storedAvoid = newValue }
    }
    /// Absent in manifests written before `--avoid` existed (those runs avoided nothing).
    private var storedAvoid: [AvoidSet]?
    /// Custom prompt template file, if any.
    public var promptTemplate: String?
    /// Inputs directory (nil: the bundled default set).
    public var inputs: String?
    /// Single input files that replace the inputs directory's, by file name
    /// (`persona_components.json` → an absolute path); kept so `--resume` and audits use them too.
    /// Absent in manifests written before overrides were recorded.
    public var inputOverrides: [String: String]?

    /// A configuration with PersonaBank's defaults for everything not given.
    public init(target: Int = 100, seed: UInt64 = 42, concurrency: Int = 8, references: ReferencePolicy = ReferencePolicy(),
                threshold: Float = GenerationConfig.defaultThreshold, gate: GateMode = .semantic, encoder: String = "minilm",
                model: String = "qwen2.5-coder-0.5b", baseURL: String = "http://127.0.0.1:8731/v1", apiKeyEnv: String = "OPENAI_API_KEY",
                structuredOutput: String = "auto", temperature: Double = 0.8, maxTokens: Int = 512, timeoutSeconds: Double = 120,
                retries: Int = 4, maxAttempts: Int? = nil, maxConnectionFailures: Int = GenerationConfig.defaultMaxConnectionFailures,
                promptTemplate: String? = nil, inputs: String? = nil, steering: SteeringSettings = SteeringSettings(),
                score: GateScore = .default) {
        self.target = target
        self.seed = seed
        self.concurrency = concurrency
        self.references = references
        self.threshold = threshold
        self.gate = gate
        self.encoder = encoder
        self.model = model
        self.baseURL = baseURL
        self.apiKeyEnv = apiKeyEnv
        self.structuredOutput = structuredOutput
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.maxAttempts = maxAttempts ?? Self.defaultMaxAttempts(target: target)
        self.storedMaxConnectionFailures = maxConnectionFailures
        self.promptTemplate = promptTemplate
        self.inputs = inputs
        self.storedSteering = steering
        self.storedNameMasking = PersonaTextTemplate.default.nameMasking
        self.storedScore = score
        self.storedAvoid = []
    }

    /// The semantic gate's default cosine threshold (see `DedupGate.defaultThreshold`).
    public static var defaultThreshold: Float { DedupGate.defaultThreshold }

    /// Attempts allowed when `--max-attempts` is not given: 10 per wanted persona, at least 50.
    public static func defaultMaxAttempts(target: Int) -> Int { max(50, 10 * target) }

    /// Attempts in a row that may fail to connect when `--max-connection-failures` is not given.
    public static let defaultMaxConnectionFailures = 8

    /// The first stage of the gate these settings describe.
    public var firstStage: GateFirstStage {
        GateFirstStage(score: score, threshold: score == .fields ? FieldScoreModel.fitted.decisionThreshold : Double(threshold),
                       band: judge.map { $0.band(for: score) })
    }

    enum CodingKeys: String, CodingKey {
        case target, seed, concurrency, references, threshold, gate, encoder, model, temperature, retries, inputs
        case baseURL = "base_url"
        case apiKeyEnv = "api_key_env"
        case structuredOutput = "structured_output"
        case maxTokens = "max_tokens"
        case timeoutSeconds = "timeout_seconds"
        case maxAttempts = "max_attempts"
        case storedMaxConnectionFailures = "max_connection_failures"
        case storedMaxUnreadableShare = "max_unreadable_share"
        case promptTemplate = "prompt_template"
        case inputOverrides = "input_overrides"
        case storedSteering = "steering"
        case storedScore = "score"
        case storedAllowedContentRules = "allowed_content_rules"
        case storedNameMasking = "name_masking"
        case storedEncoderPrecision = "encoder_precision"
        case storedAvoid = "avoid"
        case judge
    }
}

/// The LLM judge's settings (`--judge`, `--judge-*`), recorded in the manifest (never an API key:
/// the judge uses the run's `--api-key-env` variable).
public struct JudgeSettings: Sendable, Codable, Equatable {
    /// The judge's base URL; nil: the run's `--base-url`.
    public var baseURL: String?
    /// The judge model; nil: the run's `--model`.
    public var model: String?
    /// The band on the first-stage score; nil: ``JudgeBand/defaultBand(for:)`` of the run's score.
    public var band: JudgeBand?
    /// A band candidate is judged only while the run's judge calls are fewer than this × (accepted + 1).
    public var maxCallsPerAccepted: Double

    /// Judge calls allowed per accepted persona when `--max-judge-calls-per-accepted` is not given:
    /// at most about one judge call per persona kept, so the judge can at most double the LLM cost.
    public static let defaultMaxCallsPerAccepted = 1.0

    /// Creates settings; nil values follow the run's endpoint, model and score.
    public init(baseURL: String? = nil, model: String? = nil, band: JudgeBand? = nil,
                maxCallsPerAccepted: Double = JudgeSettings.defaultMaxCallsPerAccepted) {
        self.baseURL = baseURL
        self.model = model
        self.band = band
        self.maxCallsPerAccepted = maxCallsPerAccepted
    }

    /// The band in use with `score`.
    public func band(for score: GateScore) -> JudgeBand { band ?? JudgeBand.defaultBand(for: score) }

    enum CodingKeys: String, CodingKey {
        case model, band
        case baseURL = "base_url"
        case maxCallsPerAccepted = "max_calls_per_accepted"
    }
}

/// `manifest.json`: what produced a run directory.
public struct RunManifest: Sendable, Codable, Equatable {
    /// Always `spb-generate`.
    public var tool: String
    /// Tool version.
    public var version: String
    /// ISO 8601 time the run was created.
    public var created: String
    /// The run's settings.
    public var config: GenerationConfig
    /// `TextEncoder.identifier` of the encoder that produced `embeddings.f32`.
    public var encoderIdentifier: String
    /// Embedding length.
    public var embeddingDimension: Int
    /// Number of seed personas (all are in the gate's index besides the accepted ones).
    public var seedPersonas: Int
    /// The prompt's two messages as templates (placeholders unfilled), so an audit can tell text copied
    /// from the instructions; absent in manifests written before content rules existed.
    public var prompt: PromptRecord?

    /// The prompt as the manifest records it.
    public struct PromptRecord: Sendable, Codable, Equatable {
        /// The system message template.
        public var system: String
        /// The user message template.
        public var user: String
    }

    /// The version string written into manifests and printed by `--version`.
    public static let toolVersion = "0.1.0"

    enum CodingKeys: String, CodingKey {
        case tool, version, created, config
        case encoderIdentifier = "encoder_identifier"
        case embeddingDimension = "embedding_dimension"
        case seedPersonas = "seed_personas"
        case prompt
    }

    /// Reads `manifest.json` from a run directory.
    public static func read(directory: URL) throws -> RunManifest {
        let url = directory.appendingPathComponent(RunFiles.manifest)
        do { return try JSONDecoder().decode(RunManifest.self, from: try GenerationInputs.readData(url)) } catch let error as GenerationError { throw error } catch {
            throw GenerationError.data(url.path, "not a valid manifest (\(error))")
        }
    }

    /// Writes the manifest atomically, keys sorted, pretty-printed.
    func write(directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let url = directory.appendingPathComponent(RunFiles.manifest)
        do { try encoder.encode(self).write(to: url, options: .atomic) } catch {
            throw GenerationError.fileSystem(url.path, "cannot write", error)
        }
    }
}

/// File names inside a run directory.
public enum RunFiles {
    /// Accepted personas, one JSON object per line (card fields + `model` + `id`).
    public static let personas = "personas.jsonl"
    /// Replies not accepted, with the reason and the nearest persona.
    public static let rejected = "rejected.jsonl"
    /// One line per attempt.
    public static let events = "events.jsonl"
    /// Embeddings of the accepted personas, row i for line i of `personas.jsonl`.
    public static let embeddings = "embeddings.f32"
    /// Field vectors of the accepted personas (with `--score fields`), row i for line i of `personas.jsonl`.
    public static let fields = "fields.f32"
    /// Settings, seed, model, threshold, gate, encoder and tool version.
    public static let manifest = "manifest.json"
    /// Everything the generator writes but the lock and the avoid sets' embedding cache (``AvoidCache``,
    /// `avoid/`), which `--force` keeps so a rerun with the same files does not embed them again.
    public static let all = [personas, rejected, events, embeddings, fields, manifest]
}
