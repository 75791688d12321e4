import Foundation
import Testing
import TestSupport

/// The Ray driver (`cluster/spb_ray.py`) on a local 2-CPU Ray cluster: sharded embedding, the audit
/// from those shards, plan, join tasks and merge as Ray tasks calling the real `spb-analyze`, with one join task's worker
/// killed (SIGKILL) on its first attempt and retried by Ray; the result must equal the
/// single-machine `spb-analyze dedup` byte for byte.
@Suite("Ray cluster: the driver gives the single-machine result", .serialized,
       .enabled(if: RayCluster.python != nil, Comment(rawValue: RayCluster.skipMessage)),
       .enabled(if: RayCluster.analyze != nil, Comment(rawValue: Binaries.skipMessage("spb-analyze"))))
struct RayClusterTests {
    @Test("2,000 records, 4 embed shards, 6 partitions in 4 join tasks, join-1 killed once: same keep.txt and drops.csv")
    func rayEqualsSingleMachine() async throws {
        let python = try #require(RayCluster.python)
        let binary = try #require(RayCluster.analyze)
        let scratch = try ScratchDirectory("ray")
        defer { scratch.remove() }
        let input = try scratch.write("records.jsonl", RayCluster.records(2_000))
        let dedupOptions = ["--threshold", "0.9"]

        let single = try await ChildProcess.run(binary, ["dedup", input.path, "--text-field", "text", "--partitions", "6",
                                                   "--out", scratch.url.appendingPathComponent("single").path] + dedupOptions,
                                          timeout: .seconds(300))
        #expect(single.status == 0, "\(single.stderr.suffix(800))")

        let out = scratch.url.appendingPathComponent("ray")
        let driver = SharedData.repositoryRoot.appendingPathComponent("cluster/spb_ray.py")
        let ray = try await ChildProcess.run(python, [driver.path, input.path, "--out", out.path, "--binary", binary.path, "--num-cpus", "2",
                                               "--shards", "4", "--tasks", "4", "--text-field", "text", "--threshold", "0.9",
                                               "--dedup-option=--partitions=6", "--kill-once", "join-1", "--audit"],
                                       environment: ["RAY_USAGE_STATS_ENABLED": "0"], timeout: .seconds(400))
        #expect(ray.status == 0, "\(ray.stderr.suffix(1500))")
        print("ray test: \(ray.stdout.split(separator: "\n").last ?? "")")

        for name in ["keep.txt", "drops.csv"] {
            let a = try Data(contentsOf: scratch.url.appendingPathComponent("single/\(name)"))
            let b = try Data(contentsOf: out.appendingPathComponent(name))
            #expect(a == b, "\(name): the Ray run differs from the single-machine run")
        }
        let drops = try String(contentsOf: out.appendingPathComponent("drops.csv"), encoding: .utf8).split(separator: "\n").count - 1
        #expect(drops > 100, "the records hold near-duplicates at 0.9, so there is something to compare (\(drops) drops)")

        let run = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("ray-run.json"))) as? [String: Any])
        #expect(run["retried"] as? [String] == ["join-1"], "exactly the killed task was retried: \(run["retried"] ?? "none")")
        let tasks = run["tasks"] as? [[String: Any]] ?? []
        #expect(tasks.count == 11, "4 embed shards, the audit, the plan, 4 joins, the merge")
        #expect(tasks.first { $0["label"] as? String == "join-1" }?["attempts"] as? Int == 2)
        let shards = (try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("embeddings").path)).filter { $0.hasSuffix(".json") }
        #expect(shards.count == 4, "each embed shard's manifest is on the shared storage")
        let audit = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("audit/report.json"))) as? [String: Any])
        let source = (audit["input"] as? [String: Any])?["embeddingsSource"] as? String ?? ""
        #expect(source.contains("4 spb-analyze embed shards"), "the audit read the shards instead of embedding again: \(source)")
    }
}

/// Where the Ray driver's Python and the binary come from, and the test's records.
enum RayCluster {
    /// `<cache>/ray-venv/bin/python` (created by `make setup-ray`, which `make test` runs).
    static let python: URL? = {
        let cache = ProcessInfo.processInfo.environment["PERSONABANK_CACHE"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/personabank").path
        let url = URL(fileURLWithPath: cache).appendingPathComponent("ray-venv/bin/python")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }()

    static let skipMessage = "skipped: no Ray venv (~/.cache/personabank/ray-venv); make setup-ray (run by make test) installs the pinned Ray"

    /// The debug `spb-analyze` with the staged dedup.
    static let analyze = Binaries.find("spb-analyze", helpArguments: ["dedup", "--help"], marker: "--stage")

    /// `count` short JSONL records with ids, drawn (seeded) from a small vocabulary so that
    /// many are equal or near-equal at cosine 0.9.
    static func records(_ count: Int) -> String {
        let moods = ["quiet", "loud", "old", "young", "careful", "restless", "patient", "curious"]
        let jobs = ["baker", "nurse", "welder", "pilot", "farmer", "teacher", "clerk", "judge", "driver", "chef"]
        let places = ["in Lisbon", "by the sea", "in a small town", "downtown", "on a farm", "near the mountains"]
        let habits = ["who keeps bees", "who paints birds", "who runs marathons", "who fixes radios", "who collects maps"]
        var random = SplitMix64(seed: 0x4A7)
        return (0 ..< count).map { index in
            let text = "A \(moods.randomElement(using: &random)!) \(jobs.randomElement(using: &random)!) "
                + "\(places.randomElement(using: &random)!) \(habits.randomElement(using: &random)!)."
            return "{\"id\": \"r\(index)\", \"text\": \"\(text)\"}\n"
        }.joined()
    }
}
