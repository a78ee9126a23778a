#pragma once
//! Private to server/store/sqlite_*.cpp: how a messages row reads back as a Message, shared by
//! the message records (sqlite_records.cpp) and the message actions' (schema 10).
#include "protocol/objects.h"
#include "server/store/sqlite_connection.h"

#include <QByteArray>

namespace msgr::server::sqlite {

//! A row of messageQuery()'s columns as a Message; throws Error on a damaged row.
protocol::Message messageFromRow(const Statement &row);
//! "SELECT <the message columns> FROM messages " + tail.
QByteArray messageQuery(const char *tail);

} // namespace msgr::server::sqlite
