import CommandLineSupport
import Testing

@Suite("Argument parsing")
struct ParsedArgumentsTests {
    static let options = [
        OptionSpec("--out", valueName: "path", help: "Where to write.", defaultValue: "personas.jsonl"),
        OptionSpec("--threshold", valueName: "cosine", help: "Rejection threshold.", defaultValue: "0.85"),
        OptionSpec("--count", valueName: "n", help: "How many."),
        OptionSpec("--model", valueName: "name", help: "Chat model."),
        OptionSpec("--verbose", help: "Say more."),
    ]

    func parse(_ args: [String], positionals: [String] = ["input"]) throws -> ParsedArguments {
        try ParsedArguments(args, options: Self.options, positionalNames: positionals)
    }

    @Test("--flag value and --flag=value both work; defaults fill in")
    func bothForms() throws {
        let parsed = try parse(["--out", "a.jsonl", "data.txt", "--threshold=0.9", "--verbose", "--count=-3"])
        #expect(parsed.value("--out") == "a.jsonl")
        #expect(try parsed.double("--threshold", default: 0) == 0.9)
        #expect(try parsed.int("count", default: 0) == -3)
        #expect(parsed.flag("--verbose"))
        #expect(parsed.positionals == ["data.txt"])
        #expect(!parsed.wantsHelp)
        let defaults = try parse(["data.txt"])
        #expect(defaults.value("--out") == "personas.jsonl")
        #expect(try defaults.double("--threshold", default: 0) == 0.85)
        #expect(defaults.value("--model") == nil && defaults.string("--model", default: "m") == "m")
        #expect(try defaults.int("--count", default: 7) == 7)
        #expect(!defaults.flag("--verbose") && !defaults.isPresent("--out"))
    }

    @Test("repeated options keep every value; the last one wins; '--' ends options")
    func repeatsAndDoubleDash() throws {
        let parsed = try parse(["--model", "a", "--model=b", "--", "--weird-file"])
        #expect(parsed.values("--model") == ["a", "b"] && parsed.value("--model") == "b")
        #expect(parsed.positionals == ["--weird-file"])
        #expect(try parse(["--threshold", "-0.5", "x"]).double("--threshold", default: 0) == -0.5)
        #expect(try parse(["--out=", "x"]).value("--out") == "")
    }

    @Test("help wins over everything else, even unknown options")
    func help() throws {
        #expect(try parse(["--nonsense", "-h"]).wantsHelp)
        #expect(try parse(["--help"], positionals: ["a", "b"]).wantsHelp)
        let afterDashes = try parse(["--", "--help", "--bogus"], positionals: ["x..."])
        #expect(!afterDashes.wantsHelp && afterDashes.positionals == ["--help", "--bogus"])
    }

    @Test("usage errors carry a message and a hint", arguments: [
        (["--thresold", "0.9", "x"], "unknown option '--thresold'", "did you mean '--threshold'? (see --help)"),
        (["--zzzzzzzz", "x"], "unknown option '--zzzzzzzz'", "see --help for the options"),
        (["x", "--out"], "option '--out' needs a value", "write '--out <path>' or '--out=<path>'"),
        (["--out", "--verbose", "x"], "option '--out' needs a value", "write '--out <path>' or '--out=<path>'"),
        (["--verbose=yes", "x"], "option '--verbose' does not take a value", "write just '--verbose'"),
        ([], "missing <input>", "see --help for the usage"),
        (["a", "b"], "unexpected argument 'b'", "expected: <input>"),
    ])
    func usageErrors(args: [String], message: String, hint: String) {
        #expect(throws: UsageError(message, hint: hint)) { try parse(args) }
    }

    @Test("bad numbers are usage errors naming the option and the value")
    func badNumbers() throws {
        let parsed = try parse(["--count", "ten", "--threshold=high", "x"])
        #expect(throws: UsageError("option '--count' expects an integer, got 'ten'", hint: "e.g. --count=5")) {
            try parsed.int("--count", default: 5)
        }
        #expect(throws: UsageError.self) { try parsed.double("--threshold", default: 0.8) }
        #expect(throws: UsageError.self) { try parse(["--threshold=nan", "x"]).double("--threshold", default: 0.8) }
    }

    @Test("optional and variadic positionals")
    func positionalShapes() throws {
        #expect(try ParsedArguments(["a"], options: [], positionalNames: ["input", "[output]"]).positionals == ["a"])
        #expect(try ParsedArguments(["a", "b", "c"], options: [], positionalNames: ["files..."]).positionals.count == 3)
        #expect(throws: UsageError.self) { try ParsedArguments([], options: [], positionalNames: ["files..."]) }
    }
}

@Suite("Help text")
struct HelpTextTests {
    @Test("lists usage, every option and every default, then --help")
    func listsEverything() {
        let text = helpText(command: "spb-analyze", synopsis: "[options] <input>", summary: "Audit a persona dataset.",
                            options: ParsedArgumentsTests.options)
        #expect(text.hasPrefix("OVERVIEW: Audit a persona dataset.\n\nUSAGE: spb-analyze [options] <input>\n\nOPTIONS:\n"))
        #expect(text.contains("  --out <path>"))
        #expect(text.contains("Where to write. (default: personas.jsonl)"))
        #expect(text.contains("Rejection threshold. (default: 0.85)"))
        #expect(text.contains("How many. (no default)"))
        #expect(text.contains("Say more. (default: off)"))
        #expect(text.hasSuffix("  --verbose             Say more. (default: off)\n  --help                Show this help and exit.\n"))
        let lines = text.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("  --") }.count == 6)
    }

    @Test("a described default is shown in help but is never a value: absent, the option has none")
    func describedDefault() throws {
        let options = [OptionSpec("--judge-base-url", valueName: "URL", help: "The judge's server.", describedDefault: "the --base-url"),
                       OptionSpec("--tasks", valueName: "n", help: "Tasks.", defaultValue: "16")]
        let text = helpText(command: "x", synopsis: "", summary: "X.", options: options)
        #expect(text.contains("The judge's server. (default: the --base-url)"))
        let parsed = try ParsedArguments([], options: options)
        #expect(parsed.value("--judge-base-url") == nil && !parsed.isPresent("--judge-base-url"))
        #expect(parsed.value("--tasks") == "16")
        #expect(try ParsedArguments(["--judge-base-url", "http://h/v1"], options: options).value("--judge-base-url") == "http://h/v1")
    }
}
