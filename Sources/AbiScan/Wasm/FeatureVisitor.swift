import WasmParser
import WasmTypes

/// Walks a function body's instructions and records the proposals they need. The parser accepts
/// every proposal it knows, so the question "does this module use threads?" is answered from what
/// the code does, not from a flag.
struct FeatureVisitor: InstructionVisitor {
  enum Never: Error {}
  typealias VisitorError = Never
  var binaryOffset = 0
  var found: Set<WasmFeature> = []

  mutating func memory(_ memarg: MemArg) { if memarg.memory != 0 { found.insert(.multiMemory) } }

  mutating func visitLoad(_ load: Instruction.Load, memarg: MemArg) {
    memory(memarg)
    let name = String(describing: load)
    if name.containsBytes("Atomic") { found.insert(.threads) } else if name.hasPrefix("v128") { found.insert(.simd) }
  }
  mutating func visitStore(_ store: Instruction.Store, memarg: MemArg) {
    memory(memarg)
    let name = String(describing: store)
    if name.containsBytes("Atomic") { found.insert(.threads) } else if name.hasPrefix("v128") { found.insert(.simd) }
  }
  mutating func visitMemoryAtomicNotify(memarg: MemArg) { found.insert(.threads) }
  mutating func visitMemoryAtomicWait32(memarg: MemArg) { found.insert(.threads) }
  mutating func visitMemoryAtomicWait64(memarg: MemArg) { found.insert(.threads) }
  mutating func visitAtomicFence() { found.insert(.threads) }
  mutating func visitI32AtomicRmw16AddU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI32AtomicRmw16AndU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI32AtomicRmw16CmpxchgU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI32AtomicRmw16OrU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI32AtomicRmw16SubU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI32AtomicRmw16XchgU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI32AtomicRmw16XorU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI32AtomicRmw8AddU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI32AtomicRmw8AndU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI32AtomicRmw8CmpxchgU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI32AtomicRmw8OrU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI32AtomicRmw8SubU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI32AtomicRmw8XchgU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI32AtomicRmw8XorU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI32AtomicRmwAdd(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI32AtomicRmwAnd(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI32AtomicRmwCmpxchg(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI32AtomicRmwOr(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI32AtomicRmwSub(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI32AtomicRmwXchg(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI32AtomicRmwXor(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmw16AddU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmw16AndU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmw16CmpxchgU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmw16OrU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmw16SubU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmw16XchgU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmw16XorU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmw32AddU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmw32AndU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmw32CmpxchgU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmw32OrU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmw32SubU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmw32XchgU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmw32XorU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmw8AddU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmw8AndU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmw8CmpxchgU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmw8OrU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmw8SubU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmw8XchgU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmw8XorU(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmwAdd(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmwAnd(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmwCmpxchg(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmwOr(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmwSub(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmwXchg(memarg: MemArg) { found.insert(.threads) }
  mutating func visitI64AtomicRmwXor(memarg: MemArg) { found.insert(.threads) }

  mutating func visitSimd(_ simd: Instruction.Simd) {
    found.insert(String(describing: simd).containsBytes("Relaxed") ? .relaxedSimd : .simd)
  }
  mutating func visitSimdLane(_ lane: Instruction.SimdLane, lane index: UInt8) { found.insert(.simd) }
  mutating func visitSimdMemLane(_ lane: Instruction.SimdMemLane, memarg: MemArg, lane index: UInt8) { found.insert(.simd) }
  mutating func visitV128Const(value: V128) { found.insert(.simd) }
  mutating func visitI8x16Shuffle(lanes: V128ShuffleMask) { found.insert(.simd) }

  mutating func visitMemoryCopy(dstMem: UInt32, srcMem: UInt32) {
    found.insert(.bulkMemory)
    if dstMem != 0 || srcMem != 0 { found.insert(.multiMemory) }
  }
  mutating func visitMemoryFill(memory: UInt32) {
    found.insert(.bulkMemory)
    if memory != 0 { found.insert(.multiMemory) }
  }
  mutating func visitMemoryInit(dataIndex: UInt32, memory: UInt32) { found.insert(.bulkMemory) }
  mutating func visitDataDrop(dataIndex: UInt32) { found.insert(.bulkMemory) }
  mutating func visitElemDrop(elemIndex: UInt32) { found.insert(.bulkMemory) }
  mutating func visitTableCopy(dstTable: UInt32, srcTable: UInt32) { found.insert(.bulkMemory) }
  mutating func visitTableInit(elemIndex: UInt32, table: UInt32) { found.insert(.bulkMemory) }
  mutating func visitMemorySize(memory: UInt32) { if memory != 0 { found.insert(.multiMemory) } }
  mutating func visitMemoryGrow(memory: UInt32) { if memory != 0 { found.insert(.multiMemory) } }

  mutating func visitTableGet(table: UInt32) { found.insert(.referenceTypes) }
  mutating func visitTableSet(table: UInt32) { found.insert(.referenceTypes) }
  mutating func visitTableGrow(table: UInt32) { found.insert(.referenceTypes) }
  mutating func visitTableSize(table: UInt32) { found.insert(.referenceTypes) }
  mutating func visitTableFill(table: UInt32) { found.insert(.referenceTypes) }
  mutating func visitRefNull(type: HeapType) { found.insert(.referenceTypes) }
  mutating func visitRefIsNull() { found.insert(.referenceTypes) }
  mutating func visitRefFunc(functionIndex: UInt32) { found.insert(.referenceTypes) }
  mutating func visitTypedSelect(type: ValueType) { found.insert(.referenceTypes) }
  mutating func visitCallIndirect(typeIndex: UInt32, tableIndex: UInt32) { if tableIndex != 0 { found.insert(.referenceTypes) } }

  mutating func visitReturnCall(functionIndex: UInt32) { found.insert(.tailCall) }
  mutating func visitReturnCallIndirect(typeIndex: UInt32, tableIndex: UInt32) { found.insert(.tailCall) }
  mutating func visitReturnCallRef(typeIndex: UInt32) { found.formUnion([.tailCall, .functionReferences]) }
  mutating func visitCallRef(typeIndex: UInt32) { found.insert(.functionReferences) }
  mutating func visitRefAsNonNull() { found.insert(.functionReferences) }
  mutating func visitBrOnNull(relativeDepth: UInt32) { found.insert(.functionReferences) }
  mutating func visitBrOnNonNull(relativeDepth: UInt32) { found.insert(.functionReferences) }

  mutating func visitThrow(tagIndex: UInt32) { found.insert(.exceptions) }
  mutating func visitThrowRef() { found.insert(.exceptions) }
  mutating func visitTryTable(blockType: BlockType, tryCatch: TryCatch) { found.insert(.exceptions) }

  mutating func visitStructNew(typeIndex: UInt32) { found.insert(.gc) }
  mutating func visitStructNewDefault(typeIndex: UInt32) { found.insert(.gc) }
  mutating func visitStructGet(typeIndex: UInt32, fieldIndex: UInt32) { found.insert(.gc) }
  mutating func visitStructSet(typeIndex: UInt32, fieldIndex: UInt32) { found.insert(.gc) }
  mutating func visitArrayNew(typeIndex: UInt32) { found.insert(.gc) }
  mutating func visitArrayLen() { found.insert(.gc) }
  mutating func visitRefI31() { found.insert(.gc) }
  mutating func visitRefEq() { found.insert(.gc) }
  mutating func visitRefTest(_ test: Instruction.RefTest, type: HeapType) { found.insert(.gc) }
  mutating func visitRefCast(_ cast: Instruction.RefCast, type: HeapType) { found.insert(.gc) }

  mutating func visitUnary(_ unary: Instruction.Unary) {
    if String(describing: unary).containsBytes("Extend") { found.insert(.signExtension) }
  }
  mutating func visitConversion(_ conversion: Instruction.Conversion) {
    if String(describing: conversion).containsBytes("TruncSat") { found.insert(.saturatingFloatToInt) }
  }
  mutating func visitBlock(blockType: BlockType) { block(blockType) }
  mutating func visitLoop(blockType: BlockType) { block(blockType) }
  mutating func visitIf(blockType: BlockType) { block(blockType) }
  /// A block typed by a type index may take parameters or return several values.
  mutating func block(_ type: BlockType) { if case .funcType = type { found.insert(.multiValue) } }
}
