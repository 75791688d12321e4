/// One command-line option: a switch (`--verbose`) or an option with a value (`--out <path>`).
public struct OptionSpec: Sendable, Equatable {
    /// The spelling, with dashes: `--out`.
    public let name: String
    /// The value's placeholder in help (`path`), or nil for a switch.
    public let valueName: String?
    /// One line of help.
    public let help: String
    /// The value used when the option is absent, shown in help; nil when there is none.
    public let defaultValue: String?

    /// Creates an option.
    ///
    /// - Parameters:
    ///   - name: the spelling, `--out` (`out` gets its dashes added).
    ///   - valueName: the value placeholder, or nil for a switch.
    ///   - help: one line describing it.
    ///   - defaultValue: the default, shown in help.
    public init(name: String, valueName: String? = nil, help: String, defaultValue: String? = nil) {
        let spelled = name.hasPrefix("--") ? name : "--" + name
        precondition(spelled.count > 2 && !spelled.contains("="), "bad option name: \(name)")
        self.name = spelled
        self.valueName = valueName
        self.help = help
        self.defaultValue = defaultValue
    }

    /// Creates an option; same as ``init(name:valueName:help:defaultValue:)``.
    public init(_ name: String, valueName: String? = nil, help: String, defaultValue: String? = nil) {
        self.init(name: name, valueName: valueName, help: help, defaultValue: defaultValue)
    }

    /// Whether the option takes no value.
    public var isSwitch: Bool { valueName == nil }

    /// `--help`, which every command understands.
    public static let help = OptionSpec("--help", help: "Show this help and exit.")
}
