import PersonaKit

/// Applies the ``ContentRule``s to personas: what `spb-generate` rejects before a candidate is
/// embedded, and what `spb-analyze audit` counts on any finished dataset.
///
/// A violation is reported as PersonaKit's `RuleViolation`, with the rule's name, the field
/// (`traits[2]`, `background`, `chatting_style`) and a message quoting the value.
public struct ContentChecker: Sendable, Equatable {
    /// Fewest words a background may have. The card asks for "one or two sentences" tying an
    /// occupation and a situation together; the shortest such sentence we could write has 8 words
    /// ("A night nurse who just moved to Ohio."), the card's own seed backgrounds have 12-16, and the
    /// fragments instruct models write instead ("Full-Time College Student", "No filter Nadia",
    /// "lazy") have at most 5.
    public static let minimumBackgroundWords = 8
    /// Fewest words a chatting style may have: "Terse, lowercase, no emoji." has 4; "single-word" 2.
    public static let minimumStyleWords = 3

    /// The rules applied (default: all).
    public var enabled: Set<ContentRule>
    /// The prompt-echo check; nil when no prompt is known (the rule then finds nothing).
    public var echo: InstructionEcho?
    /// Job titles a background must not be on its own (lower-cased words joined by single spaces).
    public var jobTitles: Set<String>

    /// A checker.
    /// - Parameters:
    ///   - enabled: the rules to apply (`--allow RULE` takes one out).
    ///   - echo: the instructions of the prompt that produced the personas, if known.
    ///   - jobTitles: known professions (e.g. the run's components), matched case-insensitively as a
    ///     whole background; a title-case phrase without a sentence end counts too.
    public init(enabled: Set<ContentRule> = Set(ContentRule.allCases), echo: InstructionEcho? = nil, jobTitles: [String] = []) {
        self.enabled = enabled
        self.echo = echo
        self.jobTitles = Set(jobTitles.flatMap(Self.titleForms))
    }

    /// Every content rule `persona` breaks, field by field (empty when it passes).
    /// - Complexity: O(total length of the persona's texts).
    public func violations(of persona: Persona) -> [RuleViolation] {
        var found: [RuleViolation] = []
        func report(_ rule: ContentRule, _ field: String, _ value: String, _ why: String) {
            found.append(RuleViolation(rule: rule.rawValue, field: field, message: "\(Self.quote(value)): \(why)"))
        }
        let mask = NameMask(persona)
        var seen = Set<String>()
        for (index, trait) in persona.traits.enumerated() {
            let field = "traits[\(index)]"
            let key = trait.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if enabled.contains(.traitIsName), mask.isNameWord(trait) {
                report(.traitIsName, field, trait, "a word of the persona's name or its username")
            } else if let (rule, why) = TraitShape.problem(trait), enabled.contains(rule) {
                report(rule, field, trait, why)
            } else if enabled.contains(.traitRepeated), !seen.insert(key).inserted {
                report(.traitRepeated, field, trait, "already listed")
            }
            seen.insert(key)
        }
        if let (rule, why) = BackgroundShape.problem(persona.background, mask: mask, jobTitles: jobTitles, enabled: enabled) {
            report(rule, "background", persona.background, why)
        }
        if let (rule, why) = ChattingStyleShape.problem(persona.chattingStyle, enabled: enabled) {
            report(rule, "chatting_style", persona.chattingStyle, why)
        }
        if enabled.contains(.promptEcho) {
            let texts = [("background", persona.background), ("chatting_style", persona.chattingStyle)]
                + persona.traits.enumerated().map { ("traits[\($0.offset)]", $0.element) }
            for (field, text) in texts {
                if let run = echo?.copiedRun(in: text) {
                    report(.promptEcho, field, text, "copies the prompt's \"\(run)\"")
                } else if let blank = InstructionEcho.formBlank(in: text) {
                    report(.promptEcho, field, text, "keeps a blank of the prompt's form, \"\(blank)\"")
                }
            }
        }
        return found
    }

    /// A profession as the background would say it alone: the whole value and each `/`-separated
    /// alternative ("Fast Food Worker / Cashier" → "fast food worker cashier", "fast food worker", "cashier").
    static func titleForms(_ profession: String) -> [String] {
        let whole = words(profession)
        let parts = profession.split(separator: "/").map { words(String($0)) }
        return ([whole] + parts).filter { !$0.isEmpty }
    }

    private static func words(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).joined(separator: " ")
    }

    /// A value quoted for a message, cut to 80 characters.
    static func quote(_ value: String) -> String {
        value.count > 80 ? "\"\(value.prefix(77))…\"" : "\"\(value)\""
    }
}
