import ContentChecks
import PersonaKit

/// Rule violations by rule (the card's and the content rules) and exact duplicates by SPB's key.
public enum ValidityAnalysis {
    /// SPB's duplicate key: name, age, sorted traits, background, chatting style.
    struct DuplicateKey: Hashable {
        var name: String
        var age: Int
        var traits: [String]
        var background: String
        var chattingStyle: String

        init(_ persona: Persona) {
            name = persona.name
            age = persona.age
            traits = persona.traits.sorted()
            background = persona.background
            chattingStyle = persona.chattingStyle
        }
    }

    /// Groups of item indices with equal keys (≥ 2 members, in first-seen order).
    /// - Complexity: O(n) expected.
    public static func exactDuplicates(_ personas: [Persona]) -> [[Int]] {
        var groups = [DuplicateKey: [Int]]()
        var order = [DuplicateKey]()
        for (index, persona) in personas.enumerated() {
            let key = DuplicateKey(persona)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(index)
        }
        return order.compactMap { groups[$0] }.filter { $0.count >= 2 }
    }

    /// The validity section; nil for text inputs (the rules read the card's fields).
    /// - Parameters:
    ///   - content: the content rules, with the source of the prompt its echo rule reads (for the report).
    ///   - examples: examples kept per rule.
    /// - Complexity: O(total text length).
    public static func report(dataset: AuditDataset, content: (checker: ContentChecker, promptSource: String), examples: Int = 3) -> ValidityReport? {
        guard let personas = dataset.personas else { return nil }
        let card = tally(dataset.violations.map { $0.map { RuleViolation(rule: $0.rule, field: $0.field, message: $0.message) } }, ids: dataset.ids,
                         examples: examples)
        let checker = content.checker
        let broken = personas.concurrentMap(checker.violations)
        let contentRules = tally(broken, ids: dataset.ids, examples: examples).map { count -> RuleCount in
            var described = count
            described.summary = ContentRule(name: count.rule)?.summary
            return described
        }
        let duplicates = exactDuplicates(personas)
        return ValidityReport(
            personasWithViolations: dataset.violations.filter { !$0.isEmpty }.count,
            violationsByRule: card,
            personasBreakingContentRules: broken.filter { !$0.isEmpty }.count,
            contentRules: contentRules,
            contentPromptSource: content.promptSource,
            exactDuplicateGroups: duplicates.count,
            exactDuplicateExtras: duplicates.reduce(0) { $0 + $1.count - 1 },
            exactDuplicateExamples: duplicates.prefix(examples).map { $0.map { ExampleItem(id: dataset.ids[$0], text: dataset.displayText($0)) } })
    }

    /// Personas per rule (a persona counts once per rule), most frequent first, with the first examples.
    static func tally(_ violations: [[RuleViolation]], ids: [String], examples: Int) -> [RuleCount] {
        var byRule = [String: (count: Int, examples: [ExampleItem])]()
        for (index, list) in violations.enumerated() {
            var seen = Set<String>()
            for violation in list {
                var entry = byRule[violation.rule] ?? (0, [])
                if seen.insert(violation.rule).inserted { entry.count += 1 }
                if entry.examples.count < examples {
                    entry.examples.append(ExampleItem(id: ids[index], text: "\(violation.field): \(violation.message)"))
                }
                byRule[violation.rule] = entry
            }
        }
        return byRule.map { RuleCount(rule: $0.key, count: $0.value.count, examples: $0.value.examples) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.rule < $1.rule }
    }
}
