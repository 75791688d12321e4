/// A problem with one field of a record: which field, and what is wrong with its value.
public struct FieldError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The JSON key (or column) at fault, e.g. `age` or `traits[2]`; empty for the record as a whole.
    public let field: String
    /// What is wrong, quoting the value, e.g. `expected an integer, got string "forty"`.
    public let message: String

    /// Creates a field error.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    /// `"field: message"`, or just the message when no field is named.
    public var description: String { field.isEmpty ? message : "\(field): \(message)" }
}

extension JSONValue {
    /// The value in words for error messages: its type and, for scalars, a shortened rendering.
    ///
    /// For example `string "forty"`, `number 42.5`, `null`, `array of 2`, `object`.
    public var quotedForErrors: String {
        switch self {
        case .null: return "null"
        case let .bool(flag): return "boolean \(flag)"
        case let .number(number): return "number \(JSONValue.number(number).jsonText)"
        case let .string(text):
            let shortened = text.count > 60 ? String(text.prefix(57)) + "…" : text
            return "string \(JSONValue.string(shortened).jsonText)"
        case let .array(elements): return "array of \(elements.count)"
        case .object: return "object"
        }
    }
}

extension Persona {
    /// Keys every decoded persona has: name, age, traits, background, chatting_style.
    private static let requiredKeyCount = 5

    /// The card's keys in the order ``jsonLine()`` writes them.
    public static let keyOrder = ["name", "username", "age", "traits", "background", "chatting_style", "model", "id"]

    /// Reads a persona from a decoded JSON object in the card's schema.
    ///
    /// Required: `name` (string), `username` (string or null; a missing key counts as null),
    /// `age` (integral number), `traits` (array of strings), `background`, `chatting_style`
    /// (strings). Optional: `model`, `id` (string or null; a numeric `id` is kept as its text).
    /// Every other key is kept in ``extraFields``.
    ///
    /// - Parameter json: the decoded value.
    /// - Throws: ``FieldError`` naming the first field that is missing or has the wrong type.
    public init(json: JSONValue) throws(FieldError) {
        guard case let .object(fields) = json else {
            throw FieldError(field: "", message: "expected a JSON object, got \(json.quotedForErrors)")
        }
        func string(_ key: String) throws(FieldError) -> String {
            guard let value = fields[key] else { throw FieldError(field: key, message: "missing field") }
            guard case let .string(text) = value else {
                throw FieldError(field: key, message: "expected a string, got \(value.quotedForErrors)")
            }
            return text
        }
        func optionalString(_ key: String, numbersAllowed: Bool = false) throws(FieldError) -> String? {
            switch fields[key] {
            case nil, .null?: return nil
            case let .string(text)?: return text
            case let .number(number)? where numbersAllowed: return JSONValue.number(number).jsonText
            case let value?: throw FieldError(field: key, message: "expected a string or null, got \(value.quotedForErrors)")
            }
        }
        let name = try string("name")
        let username = try optionalString("username")
        guard let ageValue = fields["age"] else { throw FieldError(field: "age", message: "missing field") }
        guard case let .number(ageNumber) = ageValue else {
            throw FieldError(field: "age", message: "expected an integer, got \(ageValue.quotedForErrors)")
        }
        guard ageNumber.rounded() == ageNumber, abs(ageNumber) < 1e9 else {
            throw FieldError(field: "age", message: "expected an integer, got \(ageValue.quotedForErrors)")
        }
        guard let traitsValue = fields["traits"] else { throw FieldError(field: "traits", message: "missing field") }
        guard case let .array(traitValues) = traitsValue else {
            throw FieldError(field: "traits", message: "expected an array of strings, got \(traitsValue.quotedForErrors)")
        }
        var traits: [String] = []
        traits.reserveCapacity(traitValues.count)
        for (index, value) in traitValues.enumerated() {
            guard case let .string(trait) = value else {
                throw FieldError(field: "traits[\(index)]", message: "expected a string, got \(value.quotedForErrors)")
            }
            traits.append(trait)
        }
        let background = try string("background")
        let chattingStyle = try string("chatting_style")
        let model = try optionalString("model")
        let id = try optionalString("id", numbersAllowed: true)
        self.init(name: name, username: username, age: Int(ageNumber), traits: traits, background: background,
                  chattingStyle: chattingStyle, model: model, id: id,
                  extraFields: fields.count > Self.requiredKeyCount + [username, model, id].count(where: { $0 != nil })
                      ? fields.filter { !Persona.knownKeys.contains($0.key) } : [:])
    }

    /// Parses one JSON text (e.g. a JSONL line) into a persona.
    ///
    /// - Parameter jsonText: a JSON object in the card's schema.
    /// - Throws: ``FieldError``; a syntax error is reported with an empty field name.
    public init(jsonText: String) throws(FieldError) {
        let value: JSONValue
        do { value = try JSONValue.parse(jsonText) } catch { throw FieldError(field: "", message: error.description) }
        try self.init(json: value)
    }

    /// The persona as a JSON object (``extraFields`` included; nil `model`/`id` left out).
    public var jsonValue: JSONValue {
        var fields = extraFields
        for (key, value) in orderedKnownMembers { fields[key] = value }
        return .object(fields)
    }

    /// One JSONL line (no trailing newline): keys in card order — name, username, age, traits,
    /// background, chatting_style, model, id — then the extra fields sorted by key.
    ///
    /// `username` is always written (null when nil); `model` and `id` only when set.
    public func jsonLine() -> String {
        let extras = extraFields.filter { !Persona.knownKeys.contains($0.key) }.sorted { $0.key < $1.key }
        var output = ""
        JSONValue.writeObject(orderedKnownMembers + extras.map { (key: $0.key, value: $0.value) }, to: &output)
        return output
    }

    private var orderedKnownMembers: [(key: String, value: JSONValue)] {
        var members: [(key: String, value: JSONValue)] = [
            ("name", .string(name)),
            ("username", username.map(JSONValue.string) ?? .null),
            ("age", .number(Double(age))),
            ("traits", .array(traits.map(JSONValue.string))),
            ("background", .string(background)),
            ("chatting_style", .string(chattingStyle)),
        ]
        if let model { members.append(("model", .string(model))) }
        if let id { members.append(("id", .string(id))) }
        return members
    }
}
