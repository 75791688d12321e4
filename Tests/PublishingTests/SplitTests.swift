import Analysis
import Embedding
import Foundation
import LinearAlgebra
import PersonaKit
import Publishing
import Testing
import TestSupport

@Suite("Split: group-aware planning and leakage")
struct SplitTests {
    static let data = PlantedData(groups: 300, seed: 7)

    static func split(_ data: PlantedData = data, _ configure: (inout SplitSettings) -> Void = { _ in }) async throws -> SplitResult {
        var settings = SplitSettings()
        settings.clusters = 4
        configure(&settings)
        return try await DatasetSplitter.split(data.input, encoder: nil, settings: settings)
    }

    @Test("Planted near-duplicate groups never cross splits, and every planted pair is found")
    func groupsStayTogether() async throws {
        let result = try await Self.split()
        var splitOfGroup = [Int: Int]()
        for (item, group) in Self.data.groupOf.enumerated() {
            if let split = splitOfGroup[group] { #expect(split == result.assignment[item], "group \(group) crosses splits") }
            splitOfGroup[group] = result.assignment[item]
        }
        let planted = Dictionary(grouping: Self.data.groupOf, by: { $0 }).values.filter { $0.count > 1 }
        #expect(result.report.groups.duplicateGroups == planted.count)
        #expect(result.report.groups.itemsInDuplicateGroups == planted.reduce(0) { $0 + $1.count })
    }

    @Test("Split sizes are within 1.5 points of the ratios", arguments: [[0.8, 0.1, 0.1], [0.7, 0.15, 0.15], [0.9, 0.1, 0.0]])
    func ratiosRespected(ratios: [Double]) async throws {
        let result = try await Self.split { $0.ratios = ratios }
        let n = Double(Self.data.count)
        for (split, ratio) in ratios.enumerated() {
            let share = Double(result.assignment.filter { $0 == split }.count) / n
            #expect(abs(share - ratio) <= 0.015, "split \(split): \(share) for \(ratio)")
        }
        #expect(result.report.groupAware.sizes.reduce(0, +) == Self.data.count)
    }

    @Test("Profession and age-band shares stay within 6 points of the whole set's in every split, and closer than at random on average")
    func stratified() async throws {
        let result = try await Self.split()
        let deviations = result.report.groupAware.stratification.deviations
        #expect(Set(deviations.map(\.variable)) == ["profession", "age band", "trope cluster"])
        for deviation in deviations where deviation.variable != "trope cluster" {
            #expect(deviation.maxDeviationPoints <= 6, "\(deviation)")
        }
        let mine = deviations.map(\.maxDeviationPoints).reduce(0, +)
        let random = result.report.random.stratification.deviations.map(\.maxDeviationPoints).reduce(0, +)
        #expect(mine < random, "group-aware \(mine) vs random \(random)")
    }

    @Test("The same seed gives the same split, another seed a different one")
    func seeded() async throws {
        let first = try await Self.split { $0.seed = 1 }
        let again = try await Self.split { $0.seed = 1 }
        let other = try await Self.split { $0.seed = 2 }
        #expect(first.assignment == again.assignment)
        #expect(first.report == again.report)
        #expect(first.assignment != other.assignment)
        #expect(first.randomAssignment != other.randomAssignment)
    }

    @Test("No validation or test item has a train neighbour at τ in the group-aware split; the random split leaks")
    func leakage() async throws {
        let result = try await Self.split()
        let mine = result.report.groupAware.leakage, random = result.report.random.leakage
        #expect(mine.leaked == 0)
        #expect(mine.items == result.assignment.filter { $0 != 0 }.count)
        #expect(random.leaked > 10)
        #expect(random.combined.leakedShare > 0.1)
        // The histogram counts every compared item; the quantiles are ordered and the maximum is below τ.
        #expect(mine.combined.histogram.reduce(0) { $0 + $1.count } == mine.items)
        #expect(mine.combined.histogram.count == LeakageReport.binCount)
        let quantiles = try #require(mine.combined.quantiles).map(\.value)
        #expect(quantiles == quantiles.sorted())
        #expect(try #require(quantiles.last) < 0.8)
        #expect(try #require(random.combined.quantiles?.last?.value) >= 0.8)
    }

    @Test("Held out by a field or by cluster, every value lies in test only or outside test only",
          arguments: [HoldOut.field("profession"), .profession, .cluster])
    func holdOut(by: HoldOut) async throws {
        let result = try await Self.split { $0.holdOut = by; $0.clusters = 10 }
        let values: [String?] = by == .cluster ? result.clusters.map { String($0) } : Self.data.input.values(of: "profession")
        var inTest = [String: Bool]()
        for (item, value) in values.enumerated() {
            let value = try #require(value)
            let isTest = result.assignment[item] == 2
            if let earlier = inTest[value] { #expect(earlier == isTest, "\(value) on both sides") }
            inTest[value] = isTest
        }
        #expect(inTest.values.contains(true))
        #expect(inTest.values.contains(false))
        #expect(result.report.heldOut?.valuesInTest == inTest.values.filter { $0 }.count)
        // Train and validation share the values not held out (they are stratified, not held out from each other).
        let validationValues = Set(values.indices.filter { result.assignment[$0] == 1 }.compactMap { values[$0] })
        let trainValues = Set(values.indices.filter { result.assignment[$0] == 0 }.compactMap { values[$0] })
        #expect(validationValues.count > 1 && !validationValues.isDisjoint(with: trainValues))
        #expect(result.report.groupAware.leakage.leaked == 0)
    }

    @Test("When near-duplicates tie the held-out values into one unit too large for test, test stays empty and a note says why")
    func holdOutCollapses() async throws {
        var data = PlantedData(groups: 200, seed: 13)
        // A value per item, unrelated to the planted groups: near-duplicates bridge the values.
        for item in 0 ..< data.count { data.personas[item].extraFields["region"] = .string("r\(item % 4)") }
        let result = try await DatasetSplitter.split(data.input, encoder: nil, settings: {
            var settings = SplitSettings()
            settings.clusters = 3
            settings.holdOut = .field("region")
            return settings
        }())
        #expect(!result.assignment.contains(2))
        #expect(result.report.heldOut?.valuesInTest == 0)
        #expect(result.report.notes.contains { $0.contains("No whole value of region fits") })
        #expect(result.report.groupAware.leakage.leaked == 0)
    }

    @Test("Unreadable texts are their own groups even when their embeddings coincide, and are left out of the leakage figures")
    func unreadableAlone() async throws {
        var data = PlantedData(groups: 60, maxSize: 3, seed: 11)
        let same = data.embeddings.row(0)
        var rows = Matrix(rows: 0, columns: data.embeddings.columns)
        for item in 0 ..< data.count { rows.append(row: item < 10 ? same : data.embeddings.row(item)) }
        data.embeddings = rows
        for item in 0 ..< 10 { data.personas[item].background = "UNREADABLE " + data.personas[item].background }
        var settings = SplitSettings()
        settings.clusters = 3
        let result = try await DatasetSplitter.split(data.input, encoder: nil, readability: MarkerReadability(), settings: settings)
        #expect(result.report.input.unreadable == 10)
        #expect(Set(result.groupOf[0 ..< 10]).count == 10, "identical unreadable rows were grouped")
        let readable = data.count - 10
        #expect(result.report.groupAware.leakage.items + result.report.groupAware.leakage.trainItems == readable)
        #expect(result.report.notes.contains { $0.contains("--max-unreadable") })
    }

    @Test("Groups: pairs at τ join items transitively; nothing below τ joins")
    func groupsFromPairs() {
        // Rows 0–1 at cosine 0.9, 1–2 at 0.9 (0–2 at 0.62), row 3 alone.
        let angle = Float(acos(0.9))
        let rows = [[1, 0, 0], [cos(angle), sin(angle), 0], [cos(2 * angle), sin(2 * angle), 0], [0, 0, 1]] as [[Float]]
        let groups = NearDuplicateGroups(embeddings: Matrix(columns: 3, rowVectors: rows), readable: [0, 1, 2, 3], threshold: 0.85)
        #expect(groups.groups == [[0, 1, 2], [3]])
        #expect(groups.pairCount == 2)
        let stricter = NearDuplicateGroups(embeddings: Matrix(columns: 3, rowVectors: rows), readable: [0, 1, 2, 3], threshold: 0.95)
        #expect(stricter.groups == [[0], [1], [2], [3]])
    }
}
