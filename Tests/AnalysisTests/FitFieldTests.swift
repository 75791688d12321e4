import Analysis
import CommandLineSupport
import Foundation
import PersonaKit
import Testing
import TestSupport

/// `--fit-field`: how any categorical field is spread, and against a component's weights when named.
@Suite("Fit section: any categorical field (--fit-field)")
struct FitFieldTests {
    @Test("NAME and NAME=COMPONENT parse; an unknown component or an empty name is a usage error")
    func parsing() throws {
        #expect(try FitField(parsing: "occupation") == FitField(name: "occupation"))
        #expect(try FitField(parsing: "occupation=professions") == FitField(name: "occupation", weights: .professions))
        #expect(try FitField(parsing: "mood=life_contexts").weights == .lifeContexts)
        #expect(throws: UsageError.self) { try FitField(parsing: "occupation=jobs") }
        #expect(throws: UsageError.self) { try FitField(parsing: "=professions") }
    }

    @Test("values are counted case-insensitively, lists item by item; entropy, missing items and the most frequent")
    func distribution() {
        let values = [["Baker"], ["baker"], ["Welder"], [], ["welder", "Potter"], ["Baker"]]
        let measured = FieldDistribution.measure(FitField(name: "job"), values: values, components: nil)
        #expect(measured.items == 5 && measured.missing == 1 && measured.observations == 6 && measured.categories == 3)
        #expect(measured.topValues.map(\.value) == ["Baker", "Welder", "Potter"])
        #expect(measured.topValues.map(\.count) == [3, 2, 1])
        // Counts 3, 2, 1 of 6: H = −Σ p log2 p.
        let expected = -[3.0, 2, 1].reduce(0) { $0 + ($1 / 6) * log2($1 / 6) }
        #expect(abs(measured.entropyBits - expected) < 1e-12)
        #expect(abs(measured.normalizedEntropy - expected / log2(3)) < 1e-12)
        #expect(measured.against == nil)
    }

    @Test("against a component's weights: matched values give the JS divergence, the others count as unmatched")
    func againstWeights() {
        let components = PersonaComponents(
            professions: [WeightedComponent(value: "Baker", weight: 1), WeightedComponent(value: "Welder", weight: 1)],
            lifeContexts: [], traits: [], chattingQuirks: [])
        let even = FieldDistribution.measure(FitField(name: "job", weights: .professions), values: [["baker"], ["Welder"], ["juggler"]],
                                             components: components)
        let against = try? #require(even.against)
        #expect(against?.name == "professions" && against?.observations == 2 && against?.unmatched == 1)
        #expect(abs(against?.jensenShannon ?? 1) < 1e-9, "one baker and one welder match equal weights")
        let skewed = FieldDistribution.measure(FitField(name: "job", weights: .professions), values: [["Baker"], ["Baker"], ["Baker"]],
                                               components: components)
        #expect((skewed.against?.jensenShannon ?? 0) > 0.1)
    }

    @Test("a Nemotron-shaped file: occupation, a list column and an integer column, the same from Parquet and JSONL, in every report form")
    func nemotronShaped() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fit-field-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let parquet = directory.appendingPathComponent("nemo.parquet"), jsonl = directory.appendingPathComponent("nemo.jsonl")
        try NemotronShapedParquet.write(count: 48, to: parquet)
        try Data(NemotronShapedParquet.jsonl(count: 48).utf8).write(to: jsonl)
        var read = AuditDataset.ReadOptions()
        read.textTemplate = try RecordTemplate("{persona} Hobbies: {hobbies_and_interests_list}")
        read.idField = "uuid"
        read.categoryFields = ["occupation", "hobbies_and_interests_list", "age"]
        var options = AuditOptions()
        options.clusters = 3
        options.fitFields = [FitField(name: "occupation"), FitField(name: "hobbies_and_interests_list"), FitField(name: "age")]
        var fields = [[FieldDistribution]]()
        for url in [parquet, jsonl] {
            let dataset = try AuditDataset.read(url, options: read)
            let report = try await Auditor.run(dataset: dataset, encoder: BagOfWordsEncoder(), options: options).report
            let fit = try #require(report.fit)
            #expect(fit.componentsFile == nil && fit.components.isEmpty && fit.agesOutsideProfessionRange == nil)
            #expect(report.markdownSummary().contains("`occupation`: 6 values"), "\(report.markdownSummary())")
            fields.append(fit.fields)
        }
        #expect(fields[0] == fields[1], "Parquet and its JSONL twin")
        let occupation = fields[0][0], hobbies = fields[0][1], age = fields[0][2]
        #expect(occupation.categories == 6 && occupation.observations == 48 && occupation.missing == 0)
        #expect(occupation.topValues.allSatisfy { $0.count == 8 } && occupation.normalizedEntropy > 0.999)
        // Record n lists 2 + n % 2 hobbies: 24 with two and 24 with three.
        #expect(hobbies.observations == 24 * 2 + 24 * 3)
        #expect(age.categories == 48 && age.topValues.first?.value == "21")
    }

    @Test("a field no record has is noted; text and CSV inputs and a missing Parquet column are bad input naming the field")
    func missingFieldsAndFormats() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fit-field-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let parquet = directory.appendingPathComponent("nemo.parquet"), jsonl = directory.appendingPathComponent("nemo.jsonl")
        try NemotronShapedParquet.write(count: 20, to: parquet)
        try Data(NemotronShapedParquet.jsonl(count: 20).utf8).write(to: jsonl)
        var read = AuditDataset.ReadOptions()
        read.textTemplate = try RecordTemplate("{persona}")
        read.categoryFields = ["shoe_size"]
        let error = #expect(throws: InputError.self) { try AuditDataset.read(parquet, options: read) }
        #expect(error?.field == "shoe_size" && error?.message.contains("no such column") == true)

        var options = AuditOptions()
        options.clusters = 2
        options.fitFields = [FitField(name: "shoe_size")]
        let report = try await Auditor.run(dataset: try AuditDataset.read(jsonl, options: read), encoder: BagOfWordsEncoder(), options: options).report
        #expect(report.fit?.fields.first?.missing == 20)
        #expect(report.notes.contains { $0.contains("\"shoe_size\"") })

        let text = directory.appendingPathComponent("lines.txt")
        try Data("one text\nanother text\n".utf8).write(to: text)
        var plain = AuditDataset.ReadOptions()
        plain.categoryFields = ["occupation"]
        let textError = #expect(throws: InputError.self) { try AuditDataset.read(text, options: plain) }
        #expect(textError?.field == "occupation" && textError?.message.contains("--fit-field") == true)
    }
}
