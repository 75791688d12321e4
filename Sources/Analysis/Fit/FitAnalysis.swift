import PersonaKit

/// Observed component frequencies against the weights they were sampled with.
public enum FitAnalysis {
    /// The fit report, or nil without personas.
    /// - Parameters:
    ///   - dataset: the items; personas are needed for traits and ages.
    ///   - file: the component weights and their source.
    /// - Complexity: O(n · (background words · profession phrases)).
    public static func report(dataset: AuditDataset, file: ComponentsFile) -> FitReport? {
        let table = file.components
        let personas = dataset.personas
        let sampled = dataset.run?.sampled ?? []
        let fromEvents = sampled.count == dataset.count && sampled.filter({ $0 != nil }).count * 2 >= dataset.count
        let matcher = ProfessionMatcher(professions: table.professions)
        let professionIndex = Dictionary(table.professions.enumerated().map { ($1.value.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })

        // Profession per item.
        var professions = [Int?](repeating: nil, count: dataset.count)
        for index in 0 ..< dataset.count {
            if fromEvents {
                professions[index] = sampled[index]?.profession.flatMap { professionIndex[$0.lowercased()] }
            } else {
                professions[index] = matcher.match(personas?[index].background ?? dataset.texts[index])
            }
        }
        var components = [FitReport.Component]()
        components.append(component("professions", table.professions, observed: professions.map { $0.map { table.professions[$0].value } }))
        // Traits: the sampled ones, or those written in the personas.
        let traitLists: [[String]] = fromEvents ? sampled.map { $0?.traits ?? [] } : (personas?.map(\.traits) ?? [])
        if !traitLists.isEmpty, !table.traits.isEmpty {
            let flat = traitLists.flatMap { $0 }
            components.append(component("traits", table.traits, observed: flat))
        }
        if fromEvents {
            let contexts = sampled.map { $0?.lifeContext }
            if !table.lifeContexts.isEmpty { components.append(component("life_contexts", table.lifeContexts, observed: contexts)) }
            let quirks = sampled.flatMap { $0?.quirks ?? [] }
            if !table.chattingQuirks.isEmpty, !quirks.isEmpty { components.append(component("chatting_quirks", table.chattingQuirks, observed: quirks)) }
        }
        // Ages outside the (sampled or recovered) profession's range.
        var outside = 0
        var examples = [ExampleItem]()
        if let personas {
            for (index, profession) in professions.enumerated() {
                guard let profession else { continue }
                let entry = table.professions[profession], age = personas[index].age
                if let low = entry.minAge, age < low { outside += 1 } else if let high = entry.maxAge, age > high { outside += 1 } else { continue }
                if examples.count < 5 {
                    let range = "\(entry.minAge.map(String.init) ?? "…")-\(entry.maxAge.map(String.init) ?? "…")"
                    examples.append(ExampleItem(id: dataset.ids[index], text: "age \(age), \(entry.value) (\(range)): \(personas[index].background)"))
                }
            }
        }
        return FitReport(source: fromEvents ? "sampled components in events.jsonl" : "professions recovered from backgrounds by name; traits as written",
                         componentsFile: file.source, components: components,
                         agesOutsideProfessionRange: outside, ageExamples: examples)
    }

    /// The distribution of each of `fields` in `dataset` (read with them as ``AuditDataset/ReadOptions/categoryFields``),
    /// compared with the weights of `components` (else the bundled set) where a field names a component.
    public static func fields(_ fields: [FitField], of dataset: AuditDataset, components: ComponentsFile?) -> [FieldDistribution] {
        let weights = fields.contains { $0.weights != nil } ? (components ?? (try? ComponentsFile.bundledDefault()))?.components : nil
        return fields.map { field in
            FieldDistribution.measure(field, values: dataset.categories[field.name] ?? Array(repeating: [], count: dataset.count), components: weights)
        }
    }

    /// One component's divergence and largest residuals; observations are matched case-insensitively.
    static func component(_ name: String, _ entries: [WeightedComponent], observed: [String?]) -> FitReport.Component {
        let index = Dictionary(entries.enumerated().map { ($1.value.lowercased().trimmingCharacters(), $0) }, uniquingKeysWith: { a, _ in a })
        var counts = [Double](repeating: 0, count: entries.count)
        var unmatched = 0
        for value in observed {
            if let value, let position = index[value.lowercased().trimmingCharacters()] { counts[position] += 1 } else { unmatched += 1 }
        }
        let weights = entries.map(\.weight)
        let matched = counts.reduce(0, +), weightTotal = weights.reduce(0, +)
        var residuals = [FitReport.Residual]()
        if matched > 0, weightTotal > 0 {
            residuals = entries.indices.map { i in
                let observedShare = counts[i] / matched, expectedShare = weights[i] / weightTotal
                return FitReport.Residual(value: entries[i].value, observedShare: observedShare, expectedShare: expectedShare,
                                          residual: observedShare - expectedShare)
            }
            .sorted { abs($0.residual) != abs($1.residual) ? abs($0.residual) > abs($1.residual) : $0.value < $1.value }
        }
        return FitReport.Component(name: name, observations: Int(matched), unmatched: unmatched,
                                   jensenShannon: Distribution.jensenShannon(counts, weights), largestResiduals: Array(residuals.prefix(8)))
    }
}

extension String {
    /// Without leading and trailing whitespace.
    func trimmingCharacters() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
