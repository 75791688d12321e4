import PersonaKit

/// One command-line option: a switch (`--verbose`) or an option with a value (`--out <path>`).
public struct OptionSpec: Sendable, Equatable {
    /// The spelling, with dashes: `--out`.
    public let name: String
    /// The value's placeholder in help (`path`), or nil for a switch.
    public let valueName: String?
    /// One line of help.
    public let help: String
    /// The value used when the option is absent (``ParsedArguments/value(_:)`` returns it), shown in
    /// help; nil when there is none.
    public let defaultValue: String?
    /// Help's wording of a default that is not a value (`the --base-url`, `10 x --target`), never
    /// returned as one; nil for an option whose default is ``defaultValue`` or none.
    public let describedDefault: String?
    /// The values an enum option accepts, listed in help; nil for a free-form value or a switch.
    public let choices: Choices?

    /// The names an enum option accepts (``ParsedArguments/choice(_:as:)`` and
    /// ``ParsedArguments/choiceList(_:as:)`` parse them; anything else is a usage error naming them).
    public struct Choices: Sendable, Equatable {
        /// Every accepted name, in the order help lists them.
        public let names: [String]
        /// Whether the option takes several names, comma-separated (or in repeated options).
        public let isList: Bool
        /// Whether a list also takes `none` (no name) and `all` (every name).
        public let hasKeywords: Bool

        /// How help and errors describe the accepted values: `a, b or c`; `a comma list of a, b, c`;
        /// `none, all, or a comma list of a, b, c`.
        public var description: String {
            guard isList else {
                return names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1] : names.joined()
            }
            return (hasKeywords ? "none, all, or " : "") + "a comma list of " + names.joined(separator: ", ")
        }
    }

    /// Creates an option.
    ///
    /// - Parameters:
    ///   - name: the spelling, `--out` (`out` gets its dashes added).
    ///   - valueName: the value placeholder, or nil for a switch.
    ///   - help: one line describing it.
    ///   - defaultValue: the default value, shown in help.
    ///   - describedDefault: instead of a default value, help's words for what happens when the option is absent.
    public init(name: String, valueName: String? = nil, help: String, defaultValue: String? = nil, describedDefault: String? = nil) {
        self.init(spelled: name, valueName: valueName, help: help, defaultValue: defaultValue, describedDefault: describedDefault, choices: nil)
    }

    private init(spelled name: String, valueName: String?, help: String, defaultValue: String?, describedDefault: String?, choices: Choices?) {
        precondition(defaultValue == nil || describedDefault == nil, "\(name): a default value or a described default, not both")
        let spelled = name.hasPrefix("--") ? name : "--" + name
        precondition(spelled.count > 2 && !spelled.contains("="), "bad option name: \(name)")
        precondition(choices == nil || valueName != nil, "\(name): an enum option takes a value")
        self.name = spelled
        self.valueName = valueName
        self.help = help
        self.defaultValue = defaultValue
        self.describedDefault = describedDefault
        self.choices = choices
    }

    /// Creates an option; same as ``init(name:valueName:help:defaultValue:describedDefault:)``.
    public init(_ name: String, valueName: String? = nil, help: String, defaultValue: String? = nil, describedDefault: String? = nil) {
        self.init(name: name, valueName: valueName, help: help, defaultValue: defaultValue, describedDefault: describedDefault)
    }

    /// An enum option: its value is one of `Choice`'s raw values, which help lists.
    ///
    /// - Parameters:
    ///   - name: the spelling, `--gate`.
    ///   - valueName: the value placeholder.
    ///   - help: one line describing it (help adds the accepted values).
    ///   - choices: the enum; its cases in declaration order are the accepted values.
    ///   - defaultValue: the case used when the option is absent, shown in help.
    ///   - describedDefault: instead of a default case, help's words for what happens when the option is absent.
    public init<Choice: CaseIterable & RawRepresentable>(_ name: String, valueName: String, help: String, choices: Choice.Type,
                                                         defaultValue: Choice? = nil, describedDefault: String? = nil) where Choice.RawValue == String {
        self.init(spelled: name, valueName: valueName, help: help, defaultValue: defaultValue?.rawValue, describedDefault: describedDefault,
                  choices: Choices(names: Choice.allCases.map(\.rawValue), isList: false, hasKeywords: false))
    }

    /// A list option: its value is a comma list of `Choice`'s raw values (repeated options add to it), which help lists.
    ///
    /// - Parameters:
    ///   - name: the spelling, `--allow`.
    ///   - valueName: the value placeholder.
    ///   - help: one line describing it (help adds the accepted values).
    ///   - choices: the enum; its cases in declaration order are the accepted values.
    ///   - keywords: whether `none` (no value) and `all` (every value) are accepted too.
    ///   - defaultValue: the list used when the option is absent, as written on the command line.
    ///   - describedDefault: instead of a default, help's words for what happens when the option is absent.
    public init<Choice: CaseIterable & RawRepresentable>(_ name: String, valueName: String, help: String, listOf choices: Choice.Type,
                                                         keywords: Bool = false, defaultValue: String? = nil,
                                                         describedDefault: String? = nil) where Choice.RawValue == String {
        self.init(spelled: name, valueName: valueName, help: help, defaultValue: defaultValue, describedDefault: describedDefault,
                  choices: Choices(names: Choice.allCases.map(\.rawValue), isList: true, hasKeywords: keywords))
    }

    /// Whether the option takes no value.
    public var isSwitch: Bool { valueName == nil }

    /// `--help`, which every command understands.
    public static let help = OptionSpec("--help", help: "Show this help and exit.")
}
