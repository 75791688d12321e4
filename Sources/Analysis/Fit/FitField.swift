import CommandLineSupport
import PersonaKit

/// A categorical field the fit section describes (`--fit-field occupation`), optionally against the
/// weights of one of the persona components (`--fit-field occupation=professions`).
public struct FitField: Sendable, Equatable {
    /// The persona component whose weights a field's values are compared with.
    public enum Weights: String, Sendable, CaseIterable {
        case professions
        case traits
        case lifeContexts = "life_contexts"
        case chattingQuirks = "chatting_quirks"

        /// This component's entries in `components`.
        func entries(of components: PersonaComponents) -> [WeightedComponent] {
            switch self {
            case .professions: components.professions
            case .traits: components.traits
            case .lifeContexts: components.lifeContexts
            case .chattingQuirks: components.chattingQuirks
            }
        }
    }

    /// The field or column name.
    public var name: String
    /// The component compared with, if any.
    public var weights: Weights?

    /// Creates a field.
    public init(name: String, weights: Weights? = nil) {
        self.name = name
        self.weights = weights
    }

    /// `--fit-field`, for the commands that audit (`audit`, `card`, `publish`).
    public static let option = OptionSpec(
        "--fit-field", valueName: "field[=component]",
        help: "Describe how a categorical field of JSON objects or Parquet rows is spread (values, entropy, the most frequent; "
            + "a list field counts each item), e.g. occupation; with =professions, traits, life_contexts or chatting_quirks, "
            + "also against that component's weights (--components, else the bundled set). Repeatable.")

    /// Every `--fit-field` of a parsed command line, in order.
    /// - Throws: `UsageError` for a malformed value or a field given twice.
    public static func all(in parsed: ParsedArguments) throws(UsageError) -> [FitField] {
        var fields = [FitField]()
        for value in parsed.values(option.name) {
            let field = try FitField(parsing: value)
            guard !fields.contains(where: { $0.name == field.name }) else { throw UsageError("--fit-field \(field.name) is given twice") }
            fields.append(field)
        }
        return fields
    }

    /// Parses `NAME` or `NAME=COMPONENT`.
    /// - Throws: `UsageError` for an empty name or an unknown component.
    public init(parsing text: String) throws(UsageError) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let name = parts.first, !name.isEmpty else {
            throw UsageError("--fit-field needs a field name, got \"\(text)\"", hint: "--fit-field occupation, or --fit-field occupation=professions")
        }
        self.name = name
        guard parts.count == 2 else { return }
        guard let weights = Weights(rawValue: parts[1]) else {
            throw UsageError("--fit-field \(text): no component \"\(parts[1])\"",
                             hint: "compare with one of \(Weights.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.weights = weights
    }
}
