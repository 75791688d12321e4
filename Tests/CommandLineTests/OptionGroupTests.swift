import CommandLineSupport
import PersonaKit
import Testing

@Suite("Enum options")
struct ChoiceOptionTests {
    enum Fruit: String, CaseIterable { case apple, blackCurrant = "black-currant", cherry }

    static let options = [
        OptionSpec("--fruit", valueName: "name", help: "A fruit.", choices: Fruit.self, defaultValue: .apple),
        OptionSpec("--pick", valueName: "name", help: "Another fruit.", choices: Fruit.self),
        OptionSpec("--basket", valueName: "list", help: "Fruits.", listOf: Fruit.self),
        OptionSpec("--mix", valueName: "list", help: "Fruits, or none or all.", listOf: Fruit.self, keywords: true, defaultValue: "none"),
    ]

    func parse(_ arguments: [String]) throws -> ParsedArguments { try ParsedArguments(arguments, options: Self.options) }

    @Test("a value is one of the cases, in either spelling of the option; the declared default fills in; case is forgiven")
    func values() throws {
        #expect(try parse(["--fruit", "cherry"]).choice("--fruit", as: Fruit.self) == .cherry)
        #expect(try parse(["--fruit=black-currant"]).choice("--fruit", as: Fruit.self) == .blackCurrant)
        #expect(try parse([]).choice("--fruit", as: Fruit.self) == .apple)
        #expect(try parse([]).choice("--pick", as: Fruit.self) == nil)
        #expect(try parse(["--pick", "CHERRY"]).choice("--pick", as: Fruit.self) == .cherry)
    }

    @Test("anything else is a usage error naming the accepted values")
    func unknownValue() throws {
        #expect(throws: UsageError("option '--fruit' expects apple, black-currant or cherry, got 'kiwi'", hint: "e.g. --fruit=apple")) {
            try parse(["--fruit", "kiwi"]).choice("--fruit", as: Fruit.self)
        }
        #expect(throws: UsageError("option '--basket' expects a comma list of apple, black-currant, cherry, got 'kiwi'", hint: "see --help")) {
            try parse(["--basket", "apple,kiwi"]).choiceList("--basket", as: Fruit.self)
        }
        #expect(throws: UsageError.self, "none and all are words of lists that declare them only") {
            try parse(["--basket", "all"]).choiceList("--basket", as: Fruit.self)
        }
    }

    @Test("lists: comma-separated, repeated options add to them, no repeats; none and all where declared")
    func lists() throws {
        #expect(try parse(["--basket", "cherry, apple", "--basket=cherry,black-currant"]).choiceList("--basket", as: Fruit.self)
            == [.cherry, .apple, .blackCurrant])
        #expect(try parse([]).choiceList("--basket", as: Fruit.self) == nil)
        #expect(try parse([]).choiceList("--mix", as: Fruit.self) == [], "the declared default is parsed")
        #expect(try parse(["--mix", "all"]).choiceList("--mix", as: Fruit.self) == Fruit.allCases)
        #expect(try parse(["--mix", "none"]).choiceList("--mix", as: Fruit.self) == [])
    }

    @Test("help lists the values before the default")
    func help() {
        let text = helpText(command: "x", synopsis: "", summary: "X.", options: Self.options)
        #expect(text.contains("A fruit. (values: apple, black-currant, cherry) (default: apple)"))
        #expect(text.contains("Another fruit. (values: apple, black-currant, cherry) (no default)"))
        #expect(text.contains("Fruits. (values: apple, black-currant, cherry; comma-separated) (no default)"))
        #expect(text.contains("Fruits, or none or all. (values: none, all, or a comma list of apple, black-currant, cherry) (default: none)"))
    }
}

@Suite("Shared option groups")
struct OptionGroupTests {
    @Test("dataset read options: every flag, the two that exclude each other, --name-field only with --text-field")
    func datasetReadOptions() throws {
        let options = DatasetReadOptions.options(skipped: "counted in the report")
        func read(_ arguments: [String]) throws -> DatasetReadOptions { try DatasetReadOptions(parsed: try ParsedArguments(arguments, options: options)) }
        #expect(try read([]) == DatasetReadOptions())
        #expect(try read(["--text-field", "bio", "--name-field=who", "--skip-invalid", "--keep-names"])
            == DatasetReadOptions(textField: "bio", skipInvalid: true, keepNames: true, nameField: "who"))
        #expect(try read(["--column", "text"]).errorMode == .strict && read(["--skip-invalid"]).errorMode == .skip)
        #expect(throws: UsageError.self) { try read(["--text-field", "a", "--column", "b"]) }
        #expect(throws: UsageError.self) { try read(["--column", "b", "--name-field", "n"]) }
        #expect(options.first { $0.name == "--skip-invalid" }?.help == "Skip malformed records (counted in the report) instead of stopping with exit 65.")
    }

    @Test("--max-unreadable, --seed and τ: defaults, both spellings, and usage errors outside their ranges")
    func numbers() throws {
        let share = MaxUnreadableOption(default: 0.5, effect: "are set apart")
        let tau = SimilarityThresholdOption("--tau", default: 0.75, help: "τ.")
        let options = [share.spec, SeedOption.spec(for: "everything"), tau.spec]
        func parse(_ arguments: [String]) throws -> ParsedArguments { try ParsedArguments(arguments, options: options) }
        #expect(share.spec.defaultValue == "0.50" && tau.spec.defaultValue == "0.75" && SeedOption.spec(for: "x").defaultValue == "42")
        #expect(try share.share(in: parse([])) == 0.5 && share.share(in: parse(["--max-unreadable=1"])) == 1)
        #expect(try SeedOption.seed(in: parse([])) == 42 && SeedOption.seed(in: parse(["--seed", "18446744073709551615"])) == .max)
        #expect(try tau.threshold(in: parse([])) == 0.75 && tau.value(in: parse(["--tau", "0.8"])) == 0.8)
        for arguments in [["--max-unreadable", "1.5"], ["--max-unreadable", "x"], ["--seed", "-1"], ["--seed", "1.5"], ["--tau", "0"], ["--tau", "nan"]] {
            #expect(throws: UsageError.self, "\(arguments)") {
                let parsed = try parse(arguments)
                _ = try (share.share(in: parsed), SeedOption.seed(in: parsed), tau.value(in: parsed))
            }
        }
    }
}
