//! The one error type of the crate, used both for failures and for the warnings of a partial
//! recovery.
//!
//! A FIT file that breaks halfway is still worth most of its data, so the same problem ("the
//! message at byte 7471 uses an undefined local type") is either fatal, when nothing before it
//! decoded, or a warning beside the recovered data. One type serves both, so a caller can print
//! either the same way. Every error carries the byte offset where the problem was found, because
//! "the file is corrupt" helps nobody and "byte 403437" lets someone open a hex editor.

use thiserror::Error as ThisError;

/// A problem found while decoding a FIT file, at a byte offset into the input.
#[derive(Debug, Clone, PartialEq, Eq, ThisError)]
#[error("at byte {offset}: {kind}")]
pub struct Error {
    offset: usize,
    kind: ErrorKind,
}

impl Error {
    pub(crate) fn new(offset: usize, kind: ErrorKind) -> Error {
        Error { offset, kind }
    }

    /// Where in the input the problem was found.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

/// The part of a FIT file that was cut short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// A file header (12 or more bytes).
    Header,
    /// A definition message.
    Definition,
    /// A data message.
    Message,
    /// The data section as a whole: the header declared more bytes than the input holds.
    Data,
    /// The two CRC bytes after the data.
    Crc,
}

impl std::fmt::Display for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Part::Header => "file header",
            Part::Definition => "definition message",
            Part::Message => "data message",
            Part::Data => "data section",
            Part::Crc => "file CRC",
        })
    }
}

/// What went wrong; see [`Error::offset`] for where.
#[derive(Debug, Clone, PartialEq, Eq, ThisError)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The bytes are not a FIT header: too short, a header size below 12, or no `.FIT` tag.
    #[error("not a FIT file header: {reason}")]
    NotFit {
        /// Which check failed, in words.
        reason: &'static str,
    },
    /// The header's own CRC does not match its bytes, so its sizes cannot be trusted.
    #[error("header CRC is {stored:#06x} but the header's bytes give {computed:#06x}")]
    HeaderCrcMismatch {
        /// The CRC written in the header.
        stored: u16,
        /// The CRC of the header's first 12 bytes.
        computed: u16,
    },
    /// The CRC after the data does not match the header and data before it: the file was
    /// changed or damaged after it was written. The decoded values are kept but unverified.
    #[error("file CRC is {stored:#06x} but the header and data give {computed:#06x}")]
    FileCrcMismatch {
        /// The CRC written after the data.
        stored: u16,
        /// The CRC of the header and data.
        computed: u16,
    },
    /// The input ends (or the declared data ends) in the middle of something.
    #[error("the {part} needs {needed} bytes but only {available} remain")]
    Truncated {
        /// What was cut short.
        part: Part,
        /// Bytes it needs.
        needed: usize,
        /// Bytes there are.
        available: usize,
    },
    /// A data message uses a local message type that no definition message has defined. Seen in
    /// files whose data is damaged or whose declared size is wrong (some Strava app files).
    #[error("data message uses local message type {local}, which no definition has defined")]
    UndefinedLocalMessage {
        /// The local message type, 0 to 15.
        local: u8,
    },
    /// A definition message names an architecture other than 0 (little-endian) or 1 (big-endian),
    /// which means the bytes are not really a definition.
    #[error("definition message has architecture {value}; only 0 and 1 exist")]
    BadArchitecture {
        /// The architecture byte found.
        value: u8,
    },
    /// More summary messages of one kind than any real file has; the rest were not kept.
    #[error("more than {limit} messages of global type {global}; the rest were skipped")]
    TooManyMessages {
        /// The global message number.
        global: u16,
        /// How many were kept.
        limit: usize,
    },
    /// More record messages than [`crate::MAX_RECORDS`]; the first ones were kept and the rest
    /// skipped (messages after them, such as laps and sessions, were still read).
    #[error("more than {limit} record messages; the first {limit} were kept and the rest skipped")]
    TooManyRecords {
        /// How many were kept.
        limit: usize,
    },
    /// An activity file ended without a session message: the recording was not finished, so
    /// there are no totals. Records and laps that were written are kept.
    #[error("activity file has no session message (the recording was not finished)")]
    NoSession,
}
