import PersonaKit

/// Rule violations by rule and exact duplicates by SPB's key.
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

    /// The validity section; nil for text inputs.
    public static func report(dataset: AuditDataset, examples: Int = 3) -> ValidityReport? {
        guard let personas = dataset.personas else { return nil }
        var byRule = [String: (count: Int, examples: [ExampleItem])]()
        for (index, list) in dataset.violations.enumerated() {
            for violation in list {
                var entry = byRule[violation.rule] ?? (0, [])
                entry.count += 1
                if entry.examples.count < examples {
                    entry.examples.append(ExampleItem(id: dataset.ids[index], text: "\(violation.field): \(violation.message)"))
                }
                byRule[violation.rule] = entry
            }
        }
        let duplicates = exactDuplicates(personas)
        return ValidityReport(
            personasWithViolations: dataset.violations.filter { !$0.isEmpty }.count,
            violationsByRule: byRule.map { RuleCount(rule: $0.key, count: $0.value.count, examples: $0.value.examples) }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.rule < $1.rule },
            exactDuplicateGroups: duplicates.count,
            exactDuplicateExtras: duplicates.reduce(0) { $0 + $1.count - 1 },
            exactDuplicateExamples: duplicates.prefix(examples).map { $0.map { ExampleItem(id: dataset.ids[$0], text: dataset.displayText($0)) } })
    }
}
