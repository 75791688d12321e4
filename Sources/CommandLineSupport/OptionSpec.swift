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

    /// Creates an option.
    ///
    /// - Parameters:
    ///   - name: the spelling, `--out` (`out` gets its dashes added).
    ///   - valueName: the value placeholder, or nil for a switch.
    ///   - help: one line describing it.
    ///   - defaultValue: the default value, shown in help.
    ///   - describedDefault: instead of a default value, help's words for what happens when the option is absent.
    public init(name: String, valueName: String? = nil, help: String, defaultValue: String? = nil, describedDefault: String? = nil) {
        precondition(defaultValue == nil || describedDefault == nil, "\(name): a default value or a described default, not both")
        let spelled = name.hasPrefix("--") ? name : "--" + name
        precondition(spelled.count > 2 && !spelled.contains("="), "bad option name: \(name)")
        self.name = spelled
        self.valueName = valueName
        self.help = help
        self.defaultValue = defaultValue
        self.describedDefault = describedDefault
    }

    /// Creates an option; same as ``init(name:valueName:help:defaultValue:describedDefault:)``.
    public init(_ name: String, valueName: String? = nil, help: String, defaultValue: String? = nil, describedDefault: String? = nil) {
        self.init(name: name, valueName: valueName, help: help, defaultValue: defaultValue, describedDefault: describedDefault)
    }

    /// Whether the option takes no value.
    public var isSwitch: Bool { valueName == nil }

    /// `--help`, which every command understands.
    public static let help = OptionSpec("--help", help: "Show this help and exit.")

    /// `--keep-names`, for every command that embeds or compares persona texts.
    public static let keepNames = OptionSpec("--keep-names", help: "Embed and compare persona texts as written. By default each persona's own name "
        + "(every word of it: first, middle, last, with a possessive 's, ignoring case and accents) and its username are replaced by "
        + "\"\(NameMask.token)\" in its background, traits and chatting style first: generators draw names at random and they say nothing "
        + "about the character (a name that is also a word, such as Hope, is masked only where capitalised). Plain text and CSV have no names to mask.")

    /// `--name-field`, for JSONL or Parquet read with `--text-field`.
    public static let nameField = OptionSpec("--name-field", valueName: "name", help: "With --text-field: the field holding each record's name, "
        + "masked in its text like a persona's (see --keep-names).")

    /// `--reembed`, for every command that can read a run directory's stored embeddings instead of embedding.
    public static let reembed = OptionSpec("--reembed", help: "For a spb-generate run directory: embed every text from scratch instead of "
        + "reading its embeddings.f32. Without it, a damaged embeddings.f32 (rows missing, a row cut off, a bad header) stops with exit 65 "
        + "naming the damage and the repair (spb-generate --resume --out RUN_DIR).")
}
