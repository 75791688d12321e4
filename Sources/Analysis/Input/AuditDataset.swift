import LinearAlgebra
import PersonaKit

/// One broken validation rule of one item (mirrors PersonaKit's `RuleViolation`).
public struct Violation: Sendable, Equatable {
    /// Stable rule identifier (`age-range`, `trait-count`, …).
    public var rule: String
    /// The JSON key at fault.
    public var field: String
    /// Explanation quoting the value and the limit.
    public var message: String

    /// Creates a violation.
    public init(rule: String, field: String, message: String) {
        self.rule = rule
        self.field = field
        self.message = message
    }
}

/// The items an audit looks at, in file (generation) order.
public struct AuditDataset: Sendable {
    /// Where the items came from (a path).
    public var source: String
    /// The input format, for the report.
    public var format: String
    /// A stable identifier per item: the persona's `id`, else its 1-based line.
    public var ids: [String]
    /// The text embedded per item.
    public var texts: [String]
    /// The personas, aligned with ``texts``, for persona inputs; nil for text inputs.
    public var personas: [Persona]?
    /// Rule violations per persona (empty lists when valid); empty for text inputs.
    public var violations: [[Violation]]
    /// Records left out with `--skip-invalid`.
    public var skippedRecords: Int
    /// Embeddings stored beside the data (a run directory's `embeddings.f32`), aligned with the items.
    public var storedEmbeddings: Matrix?
    /// The generation log, for run directories.
    public var run: RunLog?
    /// How personas became ``texts`` (name-blind unless `--keep-names`); the lexical sections read
    /// personas through it too.
    public var textTemplate: PersonaTextTemplate = .default
    /// Why a run directory's stored embeddings were not used although complete (made with another name masking).
    public var storedEmbeddingsNote: String?
    /// Where ``storedEmbeddings`` came from, in words for the report (a run's `embeddings.f32`, or `--embeddings`).
    public var storedEmbeddingsSource: String?
    /// The values of each `--fit-field` field per item (``ReadOptions/categoryFields``): `categories[field][item]`.
    public var categories: [String: [[String]]] = [:]

    /// Creates a dataset.
    public init(source: String, format: String, ids: [String], texts: [String], personas: [Persona]? = nil,
                violations: [[Violation]] = [], skippedRecords: Int = 0, storedEmbeddings: Matrix? = nil, run: RunLog? = nil) {
        self.source = source
        self.format = format
        self.ids = ids
        self.texts = texts
        self.personas = personas
        self.violations = violations
        self.skippedRecords = skippedRecords
        self.storedEmbeddings = storedEmbeddings
        self.run = run
    }

    /// Number of items.
    public var count: Int { texts.count }
}

/// The components one generation attempt sampled.
public struct SampledComponents: Sendable, Equatable {
    /// Sampled profession.
    public var profession: String?
    /// Sampled life context.
    public var lifeContext: String?
    /// Sampled trait adjectives.
    public var traits: [String]
    /// Sampled chatting quirks.
    public var quirks: [String]

    /// Creates a sample.
    public init(profession: String? = nil, lifeContext: String? = nil, traits: [String] = [], quirks: [String] = []) {
        self.profession = profession
        self.lifeContext = lifeContext
        self.traits = traits
        self.quirks = quirks
    }
}

/// What a `spb-generate` run directory says about how the personas were made.
public struct RunLog: Sendable {
    /// Attempt number that produced each accepted persona (aligned with the items), when logged.
    public var acceptedAttempts: [Int?]
    /// Attempt numbers of rejected candidates.
    public var rejectedAttempts: [Int]
    /// Rejected candidates in all (also those without an attempt number).
    public var rejectedCount: Int
    /// Attempts whose few-shot references were the seed personas (a reset).
    public var resetAttempts: Set<Int>
    /// Sampled components per accepted persona, when logged.
    public var sampled: [SampledComponents?]
    /// The component weights the run sampled from, when known.
    public var components: ComponentsFile?
    /// Steering's settings and decisions, for a steered run.
    public var steering: SteeringLog?
    /// The prompt's system and user templates as the manifest records them (nil for runs made before it did).
    public var promptTemplates: [String]?

    /// Creates a log.
    public init(acceptedAttempts: [Int?], rejectedAttempts: [Int], rejectedCount: Int, resetAttempts: Set<Int>,
                sampled: [SampledComponents?], components: ComponentsFile?, steering: SteeringLog? = nil) {
        self.steering = steering
        self.acceptedAttempts = acceptedAttempts
        self.rejectedAttempts = rejectedAttempts
        self.rejectedCount = rejectedCount
        self.resetAttempts = resetAttempts
        self.sampled = sampled
        self.components = components
    }
}

extension AuditDataset {
    /// What a reader sees for item `index`: "name, age: background" for personas, the text otherwise.
    public func displayText(_ index: Int) -> String {
        guard let persona = personas?[index] else { return texts[index] }
        return "\(persona.name), \(persona.age): \(persona.background)"
    }
}
