/// How the server is asked to produce JSON (`response_format`).
public enum StructuredOutput: String, Sendable, Equatable, CaseIterable {
    /// Try ``jsonSchema``, then ``jsonObjectWithSchema``, ``jsonObject`` and ``none``, moving down
    /// when the server rejects a mode (HTTP 400/422, or an error body naming `response_format`);
    /// the client remembers the mode that worked for later calls.
    case auto
    /// OpenAI structured outputs: `{"type": "json_schema", "json_schema": {name, schema, strict}}`.
    case jsonSchema
    /// llama-cpp-python's grammar-constrained JSON: `{"type": "json_object", "schema": {...}}`.
    case jsonObjectWithSchema
    /// JSON mode without a schema: `{"type": "json_object"}`.
    case jsonObject
    /// No `response_format`: free text.
    case none

    /// The concrete modes `auto` tries, in order.
    public static let fallbackOrder: [StructuredOutput] = [.jsonSchema, .jsonObjectWithSchema, .jsonObject, .none]

    /// Whether this mode sends the schema.
    public var needsSchema: Bool { self == .jsonSchema || self == .jsonObjectWithSchema }
}
