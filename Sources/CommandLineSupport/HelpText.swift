/// Help for a command: overview, usage and every option with its default.
///
/// Enum options list their values, `(values: a, b, c)` (a list option: `(values: a, b, c; comma-separated)`).
/// Options with a default show `(default: value)`, switches `(default: off)`, and options
/// without one `(no default)`. `--help` is listed last.
/// - Parameters:
///   - command: the executable's name, e.g. `spb-analyze`.
///   - synopsis: the arguments after the name, e.g. `[options] <input>`.
///   - summary: one or two sentences on what the command does.
///   - options: the options (without `--help`).
/// - Returns: the text, ending with a newline; print it to standard output.
public func helpText(command: String, synopsis: String, summary: String, options: [OptionSpec]) -> String {
    let all = options.filter { $0.name != "--help" } + [OptionSpec.help]
    let labels = all.map { option in option.valueName.map { "\(option.name) <\($0)>" } ?? option.name }
    let width = min(max(labels.map(\.count).max() ?? 0, 10), 30) + 2
    var text = "OVERVIEW: \(summary)\n\nUSAGE: \(command) \(synopsis)\n\nOPTIONS:\n"
    for (option, label) in zip(all, labels) {
        var help = option.help
        if let choices = option.choices {
            let names = choices.names.joined(separator: ", ")
            help += !choices.isList ? " (values: \(names))" : choices.hasKeywords ? " (values: none, all, or a comma list of \(names))"
                : " (values: \(names); comma-separated)"
        }
        if option.name != "--help" {
            if let defaultValue = option.defaultValue ?? option.describedDefault {
                help += " (default: \(defaultValue.isEmpty ? "\"\"" : defaultValue))"
            } else {
                help += option.isSwitch ? " (default: off)" : " (no default)"
            }
        }
        let padded = "  " + label
        if padded.count + 2 > width + 2 {
            text += padded + "\n" + String(repeating: " ", count: width + 2) + help + "\n"
        } else {
            text += padded + String(repeating: " ", count: width + 2 - padded.count) + help + "\n"
        }
    }
    return text
}
