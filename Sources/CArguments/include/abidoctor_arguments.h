#ifndef ABIDOCTOR_ARGUMENTS_H
#define ABIDOCTOR_ARGUMENTS_H

/// The process's argument vector as the C library handed it to the program's constructors, for
/// `CommandLine.arguments` (see arguments.c). Nothing for Swift code to call: this header exists
/// because SwiftPM gives every C target one.
int abidoctor_argument_count(void);

#endif
