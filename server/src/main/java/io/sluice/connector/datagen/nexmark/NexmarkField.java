package io.sluice.connector.datagen.nexmark;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.type.ColumnType;
import java.util.Locale;

/**
 * A field of a Nexmark event, named as a stream declares it (snake case) and with the SQL type its
 * column must have.
 */
public enum NexmarkField {
  PERSON_ID(NexmarkTable.PERSON, "id", ColumnType.BIGINT),
  PERSON_NAME(NexmarkTable.PERSON, "name", ColumnType.VARCHAR),
  PERSON_EMAIL_ADDRESS(NexmarkTable.PERSON, "email_address", ColumnType.VARCHAR),
  PERSON_CREDIT_CARD(NexmarkTable.PERSON, "credit_card", ColumnType.VARCHAR),
  PERSON_CITY(NexmarkTable.PERSON, "city", ColumnType.VARCHAR),
  PERSON_STATE(NexmarkTable.PERSON, "state", ColumnType.VARCHAR),
  PERSON_DATE_TIME(NexmarkTable.PERSON, "date_time", ColumnType.TIMESTAMP),
  PERSON_EXTRA(NexmarkTable.PERSON, "extra", ColumnType.VARCHAR),

  AUCTION_ID(NexmarkTable.AUCTION, "id", ColumnType.BIGINT),
  AUCTION_ITEM_NAME(NexmarkTable.AUCTION, "item_name", ColumnType.VARCHAR),
  AUCTION_DESCRIPTION(NexmarkTable.AUCTION, "description", ColumnType.VARCHAR),
  AUCTION_INITIAL_BID(NexmarkTable.AUCTION, "initial_bid", ColumnType.BIGINT),
  AUCTION_RESERVE(NexmarkTable.AUCTION, "reserve", ColumnType.BIGINT),
  AUCTION_DATE_TIME(NexmarkTable.AUCTION, "date_time", ColumnType.TIMESTAMP),
  AUCTION_EXPIRES(NexmarkTable.AUCTION, "expires", ColumnType.TIMESTAMP),
  AUCTION_SELLER(NexmarkTable.AUCTION, "seller", ColumnType.BIGINT),
  AUCTION_CATEGORY(NexmarkTable.AUCTION, "category", ColumnType.BIGINT),
  AUCTION_EXTRA(NexmarkTable.AUCTION, "extra", ColumnType.VARCHAR),

  BID_AUCTION(NexmarkTable.BID, "auction", ColumnType.BIGINT),
  BID_BIDDER(NexmarkTable.BID, "bidder", ColumnType.BIGINT),
  BID_PRICE(NexmarkTable.BID, "price", ColumnType.BIGINT),
  BID_CHANNEL(NexmarkTable.BID, "channel", ColumnType.VARCHAR),
  BID_URL(NexmarkTable.BID, "url", ColumnType.VARCHAR),
  BID_DATE_TIME(NexmarkTable.BID, "date_time", ColumnType.TIMESTAMP),
  BID_EXTRA(NexmarkTable.BID, "extra", ColumnType.VARCHAR);

  private final NexmarkTable table;
  private final String column;
  private final ColumnType type;

  NexmarkField(NexmarkTable table, String column, ColumnType type) {
    this.table = requireNonNull(table, "table is null");
    this.column = requireNonNull(column, "column is null");
    this.type = requireNonNull(type, "type is null");
  }

  public NexmarkTable table() {
    return table;
  }

  /** The column name a stream declares for this field. */
  public String column() {
    return column;
  }

  /** Whether this is the padding field {@code extra}, which a source spells only when read. */
  public boolean isPadding() {
    return column.equals("extra");
  }

  /** The SQL type the declared column must have. */
  public ColumnType type() {
    return type;
  }

  /** The field of {@code table} a declared column names (any case), or null. */
  public static NexmarkField find(NexmarkTable table, String column) {
    String wanted = column.toLowerCase(Locale.ROOT);
    for (NexmarkField field : values()) {
      if (field.table == table && field.column.equals(wanted)) {
        return field;
      }
    }
    return null;
  }
}
