import Foundation

/// One weighted building block: a profession, life context, trait or chatting quirk.
public struct WeightedComponent: Sendable, Equatable, Codable {
    /// The text put into the prompt.
    public var value: String
    /// Relative sampling weight (> 0).
    public var weight: Double
    /// Youngest age this component suits (professions only).
    public var minAge: Int?
    /// Oldest age this component suits (professions only).
    public var maxAge: Int?

    /// A component with its weight and optional age limits.
    public init(value: String, weight: Double, minAge: Int? = nil, maxAge: Int? = nil) {
        self.value = value
        self.weight = weight
        self.minAge = minAge
        self.maxAge = maxAge
    }

    enum CodingKeys: String, CodingKey {
        case value, weight
        case minAge = "min_age"
        case maxAge = "max_age"
    }
}

/// The four weighted lists of SPB's `persona_components.json`.
public struct PersonaComponents: Sendable, Equatable {
    /// Professions, weighted by employment, with optional age limits.
    public var professions: [WeightedComponent]
    /// Current life situations ("juggling childcare and a full-time job").
    public var lifeContexts: [WeightedComponent]
    /// Personality adjectives.
    public var traits: [WeightedComponent]
    /// Texting habits the chatting style is built from.
    public var chattingQuirks: [WeightedComponent]

    /// The lists as given (see ``parse(_:file:ages:)`` for validation).
    public init(professions: [WeightedComponent], lifeContexts: [WeightedComponent],
                traits: [WeightedComponent], chattingQuirks: [WeightedComponent]) {
        self.professions = professions
        self.lifeContexts = lifeContexts
        self.traits = traits
        self.chattingQuirks = chattingQuirks
    }

    /// Parses a components file in SPB's format.
    ///
    /// Keys `professions`, `life_contexts`, `traits` and `chatting_quirks` each hold an array
    /// of `{"value": String, "weight": Number, "min_age"?: Int, "max_age"?: Int}`; other keys
    /// are ignored. Weights must be finite and positive, values non-empty.
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - file: the path, for error messages.
    ///   - ages: the global age range; a profession's range must intersect it.
    /// - Throws: ``InputError`` naming the file and the field (`professions[3].weight`).
    public static func parse(_ data: Data, file: String, ages: ClosedRange<Int> = 19 ... 75) throws -> PersonaComponents {
        let root: JSONValue
        do { root = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw InputError(file: file, line: nil, field: nil, message: "not valid JSON (\(error.localizedDescription))")
        }
        guard case .object = root else { throw InputError(file: file, line: nil, field: nil, message: "expected a JSON object at the top level, found \(root.typeName)") }
        func list(_ key: String, minimum: Int) throws -> [WeightedComponent] {
            guard let value = root[key] else { throw InputError(file: file, line: nil, field: key, message: "missing list") }
            guard case let .array(items) = value else { throw InputError(file: file, line: nil, field: key, message: "expected an array, found \(value.typeName)") }
            var result = [WeightedComponent]()
            for (index, item) in items.enumerated() {
                result.append(try component(item, field: "\(key)[\(index)]", file: file, ages: ages))
            }
            if result.count < minimum {
                throw InputError(file: file, line: nil, field: key, message: "needs at least \(minimum) entries, found \(result.count)")
            }
            return result
        }
        return PersonaComponents(professions: try list("professions", minimum: 1),
                                 lifeContexts: try list("life_contexts", minimum: 1),
                                 traits: try list("traits", minimum: 5),
                                 chattingQuirks: try list("chatting_quirks", minimum: 1))
    }

    private static func component(_ item: JSONValue, field: String, file: String, ages: ClosedRange<Int>) throws -> WeightedComponent {
        guard case .object = item else { throw InputError(file: file, line: nil, field: field, message: "expected an object, found \(item.typeName)") }
        guard case let .string(value)? = item["value"], !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw InputError(file: file, line: nil, field: "\(field).value", message: "expected a non-empty string")
        }
        guard case let .number(weight)? = item["weight"], weight.isFinite, weight > 0 else {
            throw InputError(file: file, line: nil, field: "\(field).weight", message: "expected a positive number, found \(item["weight"].map(describe) ?? "nothing")")
        }
        func age(_ key: String) throws -> Int? {
            switch item[key] {
            case nil, .null?: return nil
            case let .number(n)? where n.rounded() == n && abs(n) < 1000: return Int(n)
            case let other?: throw InputError(file: file, line: nil, field: "\(field).\(key)", message: "expected an integer, found \(describe(other))")
            }
        }
        let minAge = try age("min_age"), maxAge = try age("max_age")
        let low = max(minAge ?? ages.lowerBound, ages.lowerBound), high = min(maxAge ?? ages.upperBound, ages.upperBound)
        if low > high {
            throw InputError(file: file, line: nil, field: field, message: "age range \(minAge ?? ages.lowerBound)-\(maxAge ?? ages.upperBound) of \"\(value)\" does not meet the allowed ages \(ages.lowerBound)-\(ages.upperBound)")
        }
        return WeightedComponent(value: value, weight: weight, minAge: minAge, maxAge: maxAge)
    }

    /// Reads and parses a components file (see ``parse(_:file:ages:)``).
    /// - Parameters:
    ///   - url: the file.
    ///   - ages: the global age range.
    /// - Throws: ``InputError`` naming the file, and the field for malformed content.
    public init(contentsOf url: URL, ages: ClosedRange<Int> = 19 ... 75) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw InputError(file: url.path, line: nil, field: nil, message: "cannot read (\(error.localizedDescription))")
        }
        self = try Self.parse(data, file: url.path, ages: ages)
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case let .string(s): "\"\(s)\""
        case let .number(n): "\(n)"
        default: value.typeName
        }
    }
}
