import PersonaKit

/// Per-call settings of ``ChatCompletionClient/complete(messages:options:)``.
public struct ChatOptions: Sendable, Equatable {
    /// Sampling temperature (nil: the server's default).
    public var temperature: Double?
    /// `max_tokens` (nil: the server's default).
    public var maxTokens: Int?
    /// A sampling seed, for servers that honour it (nil: none sent).
    public var seed: Int?
    /// The deadline of each HTTP attempt.
    public var timeout: Duration
    /// The structured-output mode.
    public var structuredOutput: StructuredOutput
    /// The JSON Schema of the expected answer (used by the schema modes; ignored otherwise).
    public var schema: JSONValue?
    /// The schema's name in `json_schema.name` (letters, digits, `_`, `-`).
    public var schemaName: String
    /// `json_schema.strict`.
    public var strictSchema: Bool

    /// Creates options.
    ///
    /// - Parameters:
    ///   - temperature: Sampling temperature.
    ///   - maxTokens: The completion length limit.
    ///   - seed: A sampling seed.
    ///   - timeout: The per-attempt deadline (default 120 s).
    ///   - structuredOutput: The mode (default `.auto`).
    ///   - schema: The answer's JSON Schema.
    ///   - schemaName: Its name (default `response`).
    ///   - strictSchema: `strict` for `json_schema` (default true).
    public init(temperature: Double? = nil, maxTokens: Int? = nil, seed: Int? = nil, timeout: Duration = .seconds(120), structuredOutput: StructuredOutput = .auto, schema: JSONValue? = nil, schemaName: String = "response", strictSchema: Bool = true) {
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.seed = seed
        self.timeout = timeout
        self.structuredOutput = structuredOutput
        self.schema = schema
        self.schemaName = schemaName
        self.strictSchema = strictSchema
    }
}
