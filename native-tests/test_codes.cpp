// The code table as a contract: values, kinds, internal-only marks and lookups.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

#include "Codes.h"

using adm::CodeKind;
using adm::ErrorCode;
using adm::WarningCode;

TEST(Codes, HasEveryDocumentedRowOnce) {
    EXPECT_EQ(adm::codeCount(), 64u);  // 42 errors and 16 warnings in the SDK's table, and 6 extensions
    std::set<int> extensions;
    for (std::size_t i = 0; i < adm::codeCount(); ++i) {
        if (adm::codeTable()[i].extension) {
            EXPECT_EQ(adm::codeTable()[i].kind, CodeKind::Warning) << adm::codeTable()[i].name;
            extensions.insert(adm::codeTable()[i].value);
        }
    }
    EXPECT_EQ(extensions, (std::set<int>{1032, 1033, 1042, 1052, 1322, 1323})) << "docs/codes.md, Extensions";
    std::set<std::pair<int, int>> keys;
    std::set<std::string> names;
    for (std::size_t i = 0; i < adm::codeCount(); ++i) {
        const adm::CodeInfo& row = adm::codeTable()[i];
        EXPECT_TRUE(keys.insert({static_cast<int>(row.kind), row.value}).second) << row.name;
        EXPECT_TRUE(names.insert(row.name).second) << row.name;
        EXPECT_EQ(std::string(row.name).rfind(row.kind == CodeKind::Error ? "ERR_" : "WARN_", 0), 0u) << row.name;
        EXPECT_NE(std::string(row.description), "") << row.name;
    }
}

TEST(Codes, TwentyIsAnErrorAndAWarning) {
    EXPECT_STREQ(adm::toText(ErrorCode::Aborted), "ERR_ABORTED");
    EXPECT_STREQ(adm::toText(WarningCode::Pending), "WARN_PENDING");
    EXPECT_TRUE(adm::findCode(CodeKind::Error, 20)->internalOnly);
    EXPECT_FALSE(adm::findCode(CodeKind::Warning, 20)->internalOnly);
}

TEST(Codes, MarksExactlyTheSeedsInternalOnlyErrors) {
    std::set<int> internal;
    for (std::size_t i = 0; i < adm::codeCount(); ++i) {
        const adm::CodeInfo& row = adm::codeTable()[i];
        if (row.internalOnly) {
            EXPECT_EQ(row.kind, CodeKind::Error) << row.name;
            internal.insert(row.value);
        }
    }
    EXPECT_EQ(internal, (std::set<int>{5, 9, 11, 12, 13, 14, 15, 20}));
}

TEST(Codes, NamesTheSeedQuirksOnce) {
    EXPECT_STREQ(adm::toText(WarningCode::AdmRecordMalfunction), "WARN_ADM_RECORD_MALFUNCTION");
    EXPECT_STREQ(adm::toText(WarningCode::AdmRecordAudioLowlevel), "WARN_ADM_RECORD_AUDIO_LOWLEVEL");
    EXPECT_STREQ(adm::toText(WarningCode::AdmHowling), "WARN_ADM_HOWLING");
    EXPECT_EQ(static_cast<int>(WarningCode::AdmHowling), 1051);
    EXPECT_STREQ(adm::toText(ErrorCode::AdmNoPermission), "ERR_ADM_NO_PERMISSION");
}

TEST(Codes, EnumValuesMatchTheTable) {
    EXPECT_EQ(adm::findCode(CodeKind::Error, 1007)->name, std::string("ERR_ADM_SAMPLE_RATE"));
    EXPECT_EQ(adm::findCode(CodeKind::Error, 1001)->name, std::string("ERR_LOAD_MEDIA_ENGINE"));
    EXPECT_STREQ(adm::toText(ErrorCode::AdmRuntimePlayoutError), "ERR_ADM_RUNTIME_PLAYOUT_ERROR");
    EXPECT_STREQ(adm::toText(WarningCode::AdmRuntimeRecordingWarning), "WARN_ADM_RUNTIME_RECORDING_WARNING");
}

TEST(Codes, UnknownValuesGiveNoRowAndAnUnknownName) {
    EXPECT_EQ(adm::findCode(CodeKind::Error, 8), nullptr);
    EXPECT_EQ(adm::findCode(CodeKind::Warning, 1015), nullptr);
    EXPECT_EQ(adm::findCode(CodeKind::Error, -1), nullptr);
    EXPECT_STREQ(adm::toText(static_cast<ErrorCode>(4242)), "ERR_UNKNOWN");
    EXPECT_STREQ(adm::toText(static_cast<WarningCode>(4242)), "WARN_UNKNOWN");
}
