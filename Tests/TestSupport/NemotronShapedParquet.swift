import Foundation
import Parquet
import PersonaKit

/// Records in the shape of NVIDIA's Nemotron-Personas (several prose columns, two list columns and
/// categoricals), with text written for PersonaBank's tests, as Parquet and as a JSONL twin: what
/// `--text-template`, `--id-field` and `--fit-field` are tested on.
public enum NemotronShapedParquet {
    /// The columns, in the published dataset's order and types.
    public static let columns: [ParquetColumn] = [
        ParquetColumn(name: "uuid", type: .string, isNullable: false),
        ParquetColumn(name: "professional_persona", type: .string),
        ParquetColumn(name: "sports_persona", type: .string),
        ParquetColumn(name: "arts_persona", type: .string),
        ParquetColumn(name: "travel_persona", type: .string),
        ParquetColumn(name: "culinary_persona", type: .string),
        ParquetColumn(name: "persona", type: .string),
        ParquetColumn(name: "skills_and_expertise_list", type: .stringList),
        ParquetColumn(name: "hobbies_and_interests_list", type: .stringList),
        ParquetColumn(name: "sex", type: .string),
        ParquetColumn(name: "age", type: .int64),
        ParquetColumn(name: "marital_status", type: .string),
        ParquetColumn(name: "education_level", type: .string),
        ParquetColumn(name: "occupation", type: .string),
        ParquetColumn(name: "city", type: .string),
        ParquetColumn(name: "state", type: .string),
        ParquetColumn(name: "country", type: .string),
    ]

    static let occupations = ["ferry_mechanic", "school_librarian", "orchard_manager", "night_nurse", "bike_courier", "tax_auditor"]
    static let cities = [("Duluth", "MN"), ("Mobile", "AL"), ("Eugene", "OR"), ("Utica", "NY"), ("Laredo", "TX")]
    static let skills = ["diesel engines", "cataloguing", "grafting", "triage", "route planning", "spreadsheets", "welding", "storytelling"]
    static let hobbies = ["birdwatching", "chess", "quilting", "trail running", "fermenting", "choir", "woodcarving", "kayaking"]
    static let sports = ["plays pickup basketball on Sundays", "swims laps before work", "coaches a youth soccer team",
                         "follows minor-league baseball", "bowls in a Tuesday league"]
    static let arts = ["sketches harbour boats", "sings in a community choir", "collects vinyl jazz", "writes short plays", "throws pottery"]
    static let foods = ["bakes rye bread", "grills on the porch", "cans tomatoes every August", "tries every taco truck", "makes pierogi at holidays"]

    /// Record `number` (from 1) as cells by column name; every `duplicateEvery`-th record (0: none)
    /// repeats the prose of the record before it under a new uuid, so near-duplicates are planted.
    public static func row(_ number: Int, duplicateEvery: Int = 0) -> [String: ParquetValue] {
        let source = duplicateEvery > 0 && number % duplicateEvery == 0 && number > 1 ? number - 1 : number
        let occupation = occupations[source % occupations.count]
        let (city, state) = cities[source % cities.count]
        let job = occupation.replacingOccurrences(of: "_", with: " ")
        let pickedSkills = (0 ..< 3).map { skills[(source + $0 * 3) % skills.count] }
        let pickedHobbies = (0 ..< 2 + source % 2).map { hobbies[(source * 5 + $0) % hobbies.count] }
        return [
            "uuid": .string(String(format: "nemo-%04d", number)),
            "professional_persona": .string("A \(job) in \(city) known for \(pickedSkills[0]); case \(source)."),
            "sports_persona": .string("Case \(source) \(sports[source % sports.count])."),
            "arts_persona": .string("Case \(source) \(arts[(source / 2) % arts.count])."),
            "travel_persona": .string("Drives to \(cities[(source + 2) % cities.count].0) to see family; case \(source)."),
            "culinary_persona": .string("Case \(source) \(foods[(source / 3) % foods.count])."),
            "persona": .string("A \(job) from \(city), \(state) who \(sports[source % sports.count]) and \(arts[(source / 2) % arts.count]); case \(source)."),
            "skills_and_expertise_list": .list(pickedSkills.map(ParquetValue.string)),
            "hobbies_and_interests_list": .list(pickedHobbies.map(ParquetValue.string)),
            "sex": .string(source % 2 == 0 ? "Female" : "Male"),
            "age": .int(Int64(20 + source % 60)),
            "marital_status": .string(["married_present", "never_married", "divorced", "widowed"][source % 4]),
            "education_level": .string(["high_school", "bachelors", "graduate", "some_college"][source % 4]),
            "occupation": .string(occupation),
            "city": .string(city),
            "state": .string(state),
            "country": .string("USA"),
        ]
    }

    /// Writes `count` records to `url` as Parquet (our writer, snappy, `rowGroupRows` per row group).
    public static func write(count: Int, duplicateEvery: Int = 0, to url: URL, rowGroupRows: Int = 16) throws {
        try PersonaParquet.write(rows: (1 ... count).map { row($0, duplicateEvery: duplicateEvery) }, columns: columns, to: url, rowGroupRows: rowGroupRows)
    }

    /// The same records as JSONL (lists as arrays), one object per line.
    public static func jsonl(count: Int, duplicateEvery: Int = 0) -> String {
        (1 ... count).map { number in
            let fields = row(number, duplicateEvery: duplicateEvery).mapValues(JSONValue.init(parquet:))
            return JSONValue.object(fields).jsonText
        }.joined(separator: "\n") + "\n"
    }
}
