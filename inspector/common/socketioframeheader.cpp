#include "socketioframeheader.h"

#include <limits>

SocketIOFrameHeader SocketIOFrameHeader::parse(const QByteArray &text)
{
    SocketIOFrameHeader header;
    const qsizetype size = text.size();
    if (size == 0 || text[0] < '0' || text[0] > '6')
        return header;
    header.type = text[0] - '0';
    qsizetype i = 1;

    const auto digitsFrom = [&](qsizetype from) {
        qsizetype end = from;
        while (end < size && text[end] >= '0' && text[end] <= '9')
            ++end;
        return end;
    };

    if (header.type == 5 || header.type == 6) {
        const qsizetype end = digitsFrom(i);
        if (end == i || end >= size || text[end] != '-' || end - i > 9)
            return header;
        header.attachments = text.mid(i, end - i).toInt();
        i = end + 1;
    }
    if (i < size && text[i] == '/') {
        qsizetype comma = text.indexOf(',', i);
        if (comma < 0)
            comma = size;
        header.nsp = QString::fromUtf8(text.mid(i, comma - i));
        i = qMin(comma + 1, size);
    }
    const qsizetype end = digitsFrom(i);
    if (end > i) {
        if (end - i > 18)
            return header;
        header.id = text.mid(i, end - i).toLongLong();
        i = end;
    }
    header.payloadOffset = i;
    header.valid = true;
    return header;
}
