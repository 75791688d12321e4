import Foundation

extension ParsedArguments {
    /// An enum option's value (given, else its declared default) as one of `Choice`'s cases, matched by
    /// raw value (ignoring case when nothing matches exactly); nil when neither given nor declared with a default.
    ///
    /// - Parameters:
    ///   - name: an option declared with `choices:` (``OptionSpec/init(_:valueName:help:choices:defaultValue:describedDefault:)``).
    ///   - type: the enum.
    /// - Throws: ``UsageError`` naming the accepted values for any other value.
    public func choice<Choice: CaseIterable & RawRepresentable>(_ name: String, as type: Choice.Type = Choice.self) throws(UsageError) -> Choice?
        where Choice.RawValue == String {
        let spec = checkedSpec(name, Choice.self, list: false)
        guard let text = value(spec.name) else { return nil }
        guard let choice = Self.match(text, Choice.self) else {
            throw UsageError("option '\(spec.name)' expects \(spec.choices?.description ?? ""), got '\(text)'",
                             hint: "e.g. \(spec.name)=\(spec.defaultValue ?? spec.choices?.names.first ?? "")")
        }
        return choice
    }

    /// A list option's cases: every name of every given value (comma-separated; repeated options add theirs;
    /// `none` and `all` where the option takes them), in order, without repeats; nil when not given (a
    /// declared default is parsed as if given).
    ///
    /// - Parameters:
    ///   - name: an option declared with `listOf:` (``OptionSpec/init(_:valueName:help:listOf:keywords:defaultValue:describedDefault:)``).
    ///   - type: the enum.
    /// - Throws: ``UsageError`` naming the accepted values for a name that is not one of them.
    public func choiceList<Choice: CaseIterable & RawRepresentable & Equatable>(_ name: String, as type: Choice.Type = Choice.self)
        throws(UsageError) -> [Choice]? where Choice.RawValue == String {
        let spec = checkedSpec(name, Choice.self, list: true)
        let given = isPresent(spec.name) ? values(spec.name) : spec.defaultValue.map { [$0] }
        guard let given else { return nil }
        var chosen: [Choice] = []
        for item in given.flatMap({ $0.split(separator: ",") }).map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let named: [Choice]
            if spec.choices?.hasKeywords == true, item == "none" {
                named = []
            } else if spec.choices?.hasKeywords == true, item == "all" {
                named = Array(Choice.allCases)
            } else if let choice = Self.match(item, Choice.self) {
                named = [choice]
            } else {
                throw UsageError("option '\(spec.name)' expects \(spec.choices?.description ?? ""), got '\(item)'", hint: "see --help")
            }
            for choice in named where !chosen.contains(choice) { chosen.append(choice) }
        }
        return chosen
    }

    /// The declared spec of `name`, which must list exactly `Choice`'s names (a programmer error otherwise).
    private func checkedSpec<Choice: CaseIterable & RawRepresentable>(_ name: String, _: Choice.Type, list: Bool) -> OptionSpec
        where Choice.RawValue == String {
        let spec = spec(name)
        precondition(spec.choices?.names == Choice.allCases.map(\.rawValue) && spec.choices?.isList == list,
                     "option \(spec.name) was not declared with the values of \(Choice.self)")
        return spec
    }

    /// The case named `text`: exactly, else ignoring case; nil when none is.
    private static func match<Choice: CaseIterable & RawRepresentable>(_ text: String, _: Choice.Type) -> Choice? where Choice.RawValue == String {
        Choice(rawValue: text) ?? Choice.allCases.first { $0.rawValue.lowercased() == text.lowercased() }
    }
}
