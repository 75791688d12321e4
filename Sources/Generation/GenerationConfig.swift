import ContentChecks
import Embedding
import FieldScoring
import Foundation
import Judging
import PersonaKit
import RunFormat

/// Every setting of a generation run; recorded in `manifest.json` (never the API key itself).
///
/// The settings other tools read back (``RunFormat/RunSettings``: model, endpoint, seed, inputs, name masking,
/// steering) are held and encoded as that type, beside the generator's own keys in the same `config` object.
public struct GenerationConfig: Sendable, Codable, Equatable {
    /// The settings readers of the run interpret, encoded through their own type.
    private var recorded: RunSettings
    /// Accepted personas wanted in the run directory.
    public var target: Int
    /// Seed of all sampling (per-attempt generators are derived from it).
    public var seed: UInt64 {
        get { recorded.seed }
        set { recorded.seed = newValue }
    }
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
    public var model: String {
        get { recorded.model }
        set { recorded.model = newValue }
    }
    /// OpenAI-compatible base URL (the client appends `/v1/chat/completions`).
    public var baseURL: String {
        get { recorded.baseURL }
        set { recorded.baseURL = newValue }
    }
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
    /// Absent in manifests written before steering existed (those runs were not steered).
    public var steering: SteeringSettings {
        get { recorded.steering ?? SteeringSettings(parts: []) }
        set { recorded.steering = newValue }
    }
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
    /// Absent in manifests written before name masking existed: those runs keep names, as their embeddings were made.
    public var nameMasking: String {
        get { recorded.nameMasking ?? PersonaTextTemplate.noNameMasking }
        set { recorded.nameMasking = newValue }
    }
    /// Whether the manifest this configuration came from recorded ``nameMasking`` (false for runs made before it existed).
    public var recordsNameMasking: Bool { recorded.nameMasking != nil }
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
    public var inputs: String? {
        get { recorded.inputs }
        set { recorded.inputs = newValue }
    }
    /// Single input files that replace the inputs directory's, by file name
    /// (`persona_components.json` → an absolute path); kept so `--resume` and audits use them too.
    /// Absent in manifests written before overrides were recorded.
    public var inputOverrides: [String: String]? {
        get { recorded.inputOverrides }
        set { recorded.inputOverrides = newValue }
    }

    /// A configuration with PersonaBank's defaults for everything not given.
    public init(target: Int = 100, seed: UInt64 = 42, concurrency: Int = 8, references: ReferencePolicy = ReferencePolicy(),
                threshold: Float = GenerationConfig.defaultThreshold, gate: GateMode = .semantic, encoder: String = "minilm",
                model: String = "qwen2.5-coder-0.5b", baseURL: String = "http://127.0.0.1:8731/v1", apiKeyEnv: String = "OPENAI_API_KEY",
                structuredOutput: String = "auto", temperature: Double = 0.8, maxTokens: Int = 512, timeoutSeconds: Double = 120,
                retries: Int = 4, maxAttempts: Int? = nil, maxConnectionFailures: Int = GenerationConfig.defaultMaxConnectionFailures,
                promptTemplate: String? = nil, inputs: String? = nil, steering: SteeringSettings = SteeringSettings(),
                score: GateScore = .default) {
        recorded = RunSettings(model: model, seed: seed, baseURL: baseURL, inputs: inputs, nameMasking: PersonaTextTemplate.default.nameMasking,
                               steering: steering)
        self.target = target
        self.concurrency = concurrency
        self.references = references
        self.threshold = threshold
        self.gate = gate
        self.encoder = encoder
        self.apiKeyEnv = apiKeyEnv
        self.structuredOutput = structuredOutput
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.maxAttempts = maxAttempts ?? Self.defaultMaxAttempts(target: target)
        self.storedMaxConnectionFailures = maxConnectionFailures
        self.promptTemplate = promptTemplate
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

    /// The generator's own keys; ``RunFormat/RunSettings`` encodes the others into the same object.
    enum CodingKeys: String, CodingKey {
        case target, concurrency, references, threshold, gate, encoder, temperature, retries
        case apiKeyEnv = "api_key_env"
        case structuredOutput = "structured_output"
        case maxTokens = "max_tokens"
        case timeoutSeconds = "timeout_seconds"
        case maxAttempts = "max_attempts"
        case storedMaxConnectionFailures = "max_connection_failures"
        case storedMaxUnreadableShare = "max_unreadable_share"
        case promptTemplate = "prompt_template"
        case storedScore = "score"
        case storedAllowedContentRules = "allowed_content_rules"
        case storedEncoderPrecision = "encoder_precision"
        case storedAvoid = "avoid"
        case judge
    }

    /// Decodes the settings of a manifest's `config` (``RunFormat/RunSettings`` and the generator's own keys).
    public init(from decoder: any Decoder) throws {
        recorded = try RunSettings(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        target = try container.decode(Int.self, forKey: .target)
        concurrency = try container.decode(Int.self, forKey: .concurrency)
        references = try container.decode(ReferencePolicy.self, forKey: .references)
        threshold = try container.decode(Float.self, forKey: .threshold)
        gate = try container.decode(GateMode.self, forKey: .gate)
        encoder = try container.decode(String.self, forKey: .encoder)
        apiKeyEnv = try container.decode(String.self, forKey: .apiKeyEnv)
        structuredOutput = try container.decode(String.self, forKey: .structuredOutput)
        temperature = try container.decode(Double.self, forKey: .temperature)
        maxTokens = try container.decode(Int.self, forKey: .maxTokens)
        timeoutSeconds = try container.decode(Double.self, forKey: .timeoutSeconds)
        retries = try container.decode(Int.self, forKey: .retries)
        maxAttempts = try container.decode(Int.self, forKey: .maxAttempts)
        storedMaxConnectionFailures = try container.decodeIfPresent(Int.self, forKey: .storedMaxConnectionFailures)
        storedMaxUnreadableShare = try container.decodeIfPresent(Double.self, forKey: .storedMaxUnreadableShare)
        storedScore = try container.decodeIfPresent(GateScore.self, forKey: .storedScore)
        judge = try container.decodeIfPresent(JudgeSettings.self, forKey: .judge)
        storedAllowedContentRules = try container.decodeIfPresent([ContentRule].self, forKey: .storedAllowedContentRules)
        storedEncoderPrecision = try container.decodeIfPresent(EncoderPrecision.self, forKey: .storedEncoderPrecision)
        storedAvoid = try container.decodeIfPresent([AvoidSet].self, forKey: .storedAvoid)
        promptTemplate = try container.decodeIfPresent(String.self, forKey: .promptTemplate)
    }

    /// Encodes every setting into one object: ``RunFormat/RunSettings``'s keys and the generator's own.
    public func encode(to encoder: any Encoder) throws {
        try recorded.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(target, forKey: .target)
        try container.encode(concurrency, forKey: .concurrency)
        try container.encode(references, forKey: .references)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(gate, forKey: .gate)
        try container.encode(self.encoder, forKey: .encoder)
        try container.encode(apiKeyEnv, forKey: .apiKeyEnv)
        try container.encode(structuredOutput, forKey: .structuredOutput)
        try container.encode(temperature, forKey: .temperature)
        try container.encode(maxTokens, forKey: .maxTokens)
        try container.encode(timeoutSeconds, forKey: .timeoutSeconds)
        try container.encode(retries, forKey: .retries)
        try container.encode(maxAttempts, forKey: .maxAttempts)
        try container.encodeIfPresent(storedMaxConnectionFailures, forKey: .storedMaxConnectionFailures)
        try container.encodeIfPresent(storedMaxUnreadableShare, forKey: .storedMaxUnreadableShare)
        try container.encodeIfPresent(storedScore, forKey: .storedScore)
        try container.encodeIfPresent(judge, forKey: .judge)
        try container.encodeIfPresent(storedAllowedContentRules, forKey: .storedAllowedContentRules)
        try container.encodeIfPresent(storedEncoderPrecision, forKey: .storedEncoderPrecision)
        try container.encodeIfPresent(storedAvoid, forKey: .storedAvoid)
        try container.encodeIfPresent(promptTemplate, forKey: .promptTemplate)
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

/// `manifest.json` as the generator writes and resumes it: the whole configuration under `config`.
public typealias GenerationManifest = RunManifest<GenerationConfig>

extension RunManifest where Settings == GenerationConfig {
    /// The version string written into manifests and printed by `--version`.
    public static var toolVersion: String { "0.1.0" }
}
