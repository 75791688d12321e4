/// One node of the schema as the footer lists it (depth-first; groups give their child count).
struct SchemaElement: Hashable, Sendable {
    var type: PhysicalType?
    var typeLength: Int32?
    var repetition: Repetition?
    var name: String
    var numChildren: Int32?
    var convertedType: ConvertedType?
    var scale: Int32?
    var precision: Int32?
    var fieldID: Int32?
    var logicalType: LogicalType?

    init(name: String, type: PhysicalType? = nil, repetition: Repetition? = nil, numChildren: Int32? = nil,
         convertedType: ConvertedType? = nil, logicalType: LogicalType? = nil) {
        self.name = name
        self.type = type
        self.repetition = repetition
        self.numChildren = numChildren
        self.convertedType = convertedType
        self.logicalType = logicalType
    }

    init(from reader: inout CompactReader) throws(ParquetError) {
        var element = SchemaElement(name: "")
        var hasName = false
        var scope = try reader.beginStruct()
        while let field = try reader.nextField(in: &scope) {
            switch (field.id, field.type) {
            case (1, .i32): element.type = PhysicalType(rawValue: try reader.readI32())
            case (2, .i32): element.typeLength = try reader.readI32()
            case (3, .i32): element.repetition = Repetition(rawValue: try reader.readI32())
            case (4, .binary):
                element.name = try reader.readString()
                hasName = true
            case (5, .i32): element.numChildren = try reader.readI32()
            case (6, .i32): element.convertedType = ConvertedType(rawValue: try reader.readI32())
            case (7, .i32): element.scale = try reader.readI32()
            case (8, .i32): element.precision = try reader.readI32()
            case (9, .i32): element.fieldID = try reader.readI32()
            case (10, .struct): element.logicalType = try LogicalType.decode(from: &reader)
            default: try reader.skip(field.type)
            }
        }
        guard hasName else { throw ParquetError.malformed("SchemaElement without name") }
        self = element
    }

    func encode(to writer: inout CompactWriter) {
        if let type { writer.write(1, i32: type.rawValue) }
        if let typeLength { writer.write(2, i32: typeLength) }
        if let repetition { writer.write(3, i32: repetition.rawValue) }
        writer.write(4, string: name)
        if let numChildren { writer.write(5, i32: numChildren) }
        if let convertedType { writer.write(6, i32: convertedType.rawValue) }
        if let scale { writer.write(7, i32: scale) }
        if let precision { writer.write(8, i32: precision) }
        if let fieldID { writer.write(9, i32: fieldID) }
        if let logicalType {
            writer.write(10) { logicalType.encodeMembers(to: &$0) }
        }
    }
}
