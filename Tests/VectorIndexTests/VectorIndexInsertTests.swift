import LinearAlgebra
import TestSupport
import Testing
@testable import VectorIndex

@Suite("VectorIndex inserts and validation")
struct VectorIndexInsertTests {
    @Test("insertIfNovel inserts novel vectors and rejects near-duplicates with the nearest")
    func insertIfNovelDecisions() throws {
        let index = VectorIndex(dimension: 3)
        #expect(try index.insertIfNovel([1, 0, 0], threshold: 0.9) == .inserted(id: 0, nearest: nil))
        let second = try index.insertIfNovel([0, 1, 0], threshold: 0.9)
        guard case let .inserted(id, nearest) = second else {
            Issue.record("expected an insert, got \(second)")
            return
        }
        #expect(id == 1)
        #expect(nearest?.id == 0 && nearest.map { isClose($0.score, 0, absolute: 1e-6) } == true)
        let third = try index.insertIfNovel([0.1, 1, 0], threshold: 0.9)
        guard case let .rejected(best) = third else {
            Issue.record("expected a rejection, got \(third)")
            return
        }
        #expect(best.id == 1)
        #expect(isClose(Double(best.score), 1 / (1.01).squareRoot(), absolute: 1e-5))
        #expect(index.count == 2)
        // Exactly at the threshold counts as a duplicate.
        #expect(try { if case .rejected = try index.insertIfNovel([0, 2, 0], threshold: 1) { true } else { false } }())
    }

    @Test("concurrent near-duplicates: exactly one per base survives")
    func insertIfNovelIsAtomic() async throws {
        let bases = 6, copies = 40, dimension = 64
        var generator = SplitMix64(seed: 31)
        let baseRows = generator.unitRows(bases, columns: dimension)
        var candidates: [(base: Int, vector: [Float])] = []
        for base in 0 ..< bases {
            for _ in 0 ..< copies {
                candidates.append((base, TestData.perturbed(baseRows.row(base), noise: 0.003, using: &generator)))
            }
        }
        candidates.shuffle(using: &generator)
        let index = VectorIndex(dimension: dimension)
        let insertedBases = try await withThrowingTaskGroup(of: Int?.self) { group in
            for candidate in candidates {
                group.addTask {
                    if case .inserted = try index.insertIfNovel(candidate.vector, threshold: 0.9) { return candidate.base }
                    return nil
                }
            }
            var inserted: [Int] = []
            for try await base in group { if let base { inserted.append(base) } }
            return inserted
        }
        #expect(insertedBases.sorted() == Array(0 ..< bases))
        #expect(index.count == bases)
    }

    @Test("bad vectors are refused with a typed error and nothing is stored")
    func badVectorsRefused() throws {
        let index = VectorIndex(dimension: 3)
        try index.add([1, 1, 1])
        let bad: [[Float]] = [[0, 0, 0], [1, .nan, 0], [.infinity, 0, 0], [1, 0], [1, 0, 0, 0]]
        for vector in bad {
            #expect(throws: IndexError.self) { try index.add(vector) }
            #expect(throws: IndexError.self) { try index.search(vector, k: 1) }
            #expect(throws: IndexError.self) { try index.nearest(to: vector) }
            #expect(throws: IndexError.self) { try index.insertIfNovel(vector, threshold: 0.5) }
            do {
                try index.add(vector)
            } catch let error as IndexError {
                #expect(error.kind == .invalidVector)
            }
        }
        var matrix = Matrix(columns: 3, rowVectors: [[1, 2, 3], [4, 5, 6], [0, 0, 0]])
        do {
            try index.add(contentsOf: matrix)
            Issue.record("a matrix with a zero row was accepted")
        } catch let error as IndexError {
            #expect(error.kind == .invalidVector)
            #expect(error.description.contains("row 2"))
        }
        matrix[2, 0] = 1
        #expect(throws: IndexError.self) { try index.search(queries: Matrix(rows: 2, columns: 4, repeating: 1), k: 1) }
        #expect(throws: IndexError.self) { try index.search([1, 0, 0], k: -1) }
        #expect(throws: IndexError.self) { try index.insertIfNovel([1, 0, 0], threshold: .nan) }
        #expect(index.count == 1)
        #expect(try index.add(contentsOf: matrix) == 1 ..< 4)
        #expect(index.snapshot().rows == 4)
    }
}
