/// A command line parsed against a list of ``OptionSpec``s.
///
/// Accepts `--flag value` and `--flag=value`; `--` ends the options; `-h`/`--help` anywhere sets
/// ``wantsHelp`` (and skips further checks, so help always works). Positional names are shown in
/// errors: a plain name is required, `[name]` optional, `name...` takes one or more.
public struct ParsedArguments: Sendable {
    /// The positional arguments, in order.
    public private(set) var positionals: [String] = []
    /// Whether `--help` or `-h` was given.
    public private(set) var wantsHelp = false
    private var values: [String: [String]] = [:]
    private let specs: [String: OptionSpec]

    /// Parses `args` (without the program name).
    ///
    /// - Parameters:
    ///   - args: the arguments, e.g. `CommandLine.arguments.dropFirst()`.
    ///   - options: the accepted options (`--help` is always accepted).
    ///   - positionalNames: the positional arguments' names, for checking the count.
    /// - Throws: ``UsageError`` for an unknown option (with a suggestion), a missing value, a value
    ///   given to a switch, or a wrong number of positional arguments.
    public init(_ args: [String], options: [OptionSpec], positionalNames: [String] = []) throws(UsageError) {
        specs = Dictionary(options.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        if args.contains(where: { $0 == "--help" || $0 == "-h" }),
           let end = args.firstIndex(of: "--") ?? Optional(args.endIndex),
           args[..<end].contains(where: { $0 == "--help" || $0 == "-h" }) {
            wantsHelp = true
            return
        }
        var index = 0
        var optionsEnded = false
        while index < args.count {
            let argument = args[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" || Self.looksNumeric(argument) {
                positionals.append(argument)
                continue
            }
            if argument == "--" { optionsEnded = true; continue }
            let name: String
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            } else {
                name = argument
            }
            guard let spec = specs[name] else { throw unknownOption(name) }
            if spec.isSwitch {
                if inlineValue != nil { throw UsageError("option '\(name)' does not take a value", hint: "write just '\(name)'") }
                values[name, default: []].append("true")
                continue
            }
            let valueName = spec.valueName ?? "value"
            if let inlineValue {
                values[name, default: []].append(inlineValue)
            } else if index < args.count, !args[index].hasPrefix("--") {
                values[name, default: []].append(args[index])
                index += 1
            } else {
                throw UsageError("option '\(name)' needs a value", hint: "write '\(name) <\(valueName)>' or '\(name)=<\(valueName)>'")
            }
        }
        try checkPositionals(positionalNames)
    }

    private static func looksNumeric(_ argument: String) -> Bool {
        argument.count > 1 && Double(argument) != nil
    }

    private func unknownOption(_ name: String) -> UsageError {
        let candidates = Array(specs.keys) + ["--help"]
        let best = candidates.map { ($0, Self.editDistance($0, name)) }.min { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
        if let best, best.1 <= max(2, name.count / 3) {
            return UsageError("unknown option '\(name)'", hint: "did you mean '\(best.0)'? (see --help)")
        }
        return UsageError("unknown option '\(name)'", hint: "see --help for the options")
    }

    private func checkPositionals(_ names: [String]) throws(UsageError) {
        let required = names.filter { !$0.hasPrefix("[") }
        let variadic = names.last?.hasSuffix("...") ?? false
        if positionals.count < required.count {
            let missing = required[positionals.count...].map { "<\($0.replacingOccurrences(of: "...", with: ""))>" }
            throw UsageError("missing \(missing.joined(separator: " "))", hint: "see --help for the usage")
        }
        if !variadic, positionals.count > names.count {
            throw UsageError("unexpected argument '\(positionals[names.count])'",
                             hint: names.isEmpty ? "this command takes no positional arguments" : "expected: \(names.map { "<\($0)>" }.joined(separator: " "))")
        }
    }

    /// Levenshtein distance, for "did you mean" hints.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let left = Array(a), right = Array(b)
        var previous = Array(0...right.count)
        for (i, x) in left.enumerated() {
            var current = [i + 1]
            for (j, y) in right.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[right.count]
    }

    func spec(_ name: String) -> OptionSpec {
        let spelled = name.hasPrefix("--") ? name : "--" + name
        guard let spec = specs[spelled] else { preconditionFailure("option \(spelled) was not declared") }
        return spec
    }

    /// The option's last given value, else its declared default, else nil.
    ///
    /// - Parameter name: `--out` or `out`; it must be a declared option (a programmer error otherwise).
    public func value(_ name: String) -> String? {
        let spec = spec(name)
        return values[spec.name]?.last ?? spec.defaultValue
    }

    /// Every value given for a repeatable option, in order (empty when absent; defaults not included).
    public func values(_ name: String) -> [String] {
        values[spec(name).name] ?? []
    }

    /// Whether the option was given on the command line.
    public func isPresent(_ name: String) -> Bool {
        values[spec(name).name] != nil
    }

    /// The option's value, or `defaultValue` when neither given nor declared with a default.
    public func string(_ name: String, default defaultValue: String) -> String {
        value(name) ?? defaultValue
    }

    /// The option's value as an integer, or `defaultValue`.
    ///
    /// - Throws: ``UsageError`` when the value is not an integer.
    public func int(_ name: String, default defaultValue: Int) throws(UsageError) -> Int {
        guard let text = value(name) else { return defaultValue }
        guard let number = Int(text) else {
            throw UsageError("option '\(spec(name).name)' expects an integer, got '\(text)'", hint: "e.g. \(spec(name).name)=\(defaultValue)")
        }
        return number
    }

    /// The option's value as a finite number, or `defaultValue`.
    ///
    /// - Throws: ``UsageError`` when the value is not a finite number.
    public func double(_ name: String, default defaultValue: Double) throws(UsageError) -> Double {
        guard let text = value(name) else { return defaultValue }
        guard let number = Double(text), number.isFinite else {
            throw UsageError("option '\(spec(name).name)' expects a number, got '\(text)'", hint: "e.g. \(spec(name).name)=\(defaultValue)")
        }
        return number
    }

    /// Whether a switch was given (or its declared default is `true`).
    public func flag(_ name: String) -> Bool {
        value(name).map { $0 == "true" } ?? false
    }

    /// Whether the command accepts option `name` (it was among the options parsed against).
    public func accepts(_ name: String) -> Bool {
        specs[name] != nil
    }
}
