#ifndef ABIDOCTOR_ARGUMENTS_H
#define ABIDOCTOR_ARGUMENTS_H

// Nothing to call: arguments.c defines the Swift runtime's `_swift_stdlib_getUnsafeArgvArgc`, which the
// runtime's own code calls for `CommandLine.arguments`. This header is here because SwiftPM gives every
// C target a public include folder.

#endif
