using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allo.Scheduler.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Waitlist : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "WaitlistEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ManageTokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PhoneE164 = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PhoneKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    Language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    ContactPlan = table.Column<string>(type: "text", nullable: false),
                    FrontEnd = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    FirstDay = table.Column<DateOnly>(type: "date", nullable: false),
                    LastDay = table.Column<DateOnly>(type: "date", nullable: false),
                    Parts = table.Column<int>(type: "integer", nullable: false),
                    JoinedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    OfferBookingId = table.Column<Guid>(type: "uuid", nullable: true),
                    OfferExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LeftAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Needs_Hearing = table.Column<bool>(type: "boolean", nullable: false),
                    Needs_MoreTime = table.Column<bool>(type: "boolean", nullable: false),
                    Needs_OtherLanguage = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    Needs_PrefersCall = table.Column<bool>(type: "boolean", nullable: false),
                    Needs_PrefersText = table.Column<bool>(type: "boolean", nullable: false),
                    Needs_Reading = table.Column<bool>(type: "boolean", nullable: false),
                    Needs_Sight = table.Column<bool>(type: "boolean", nullable: false),
                    Needs_Speech = table.Column<bool>(type: "boolean", nullable: false),
                    Needs_Proxy_Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Needs_Proxy_TakesCall = table.Column<bool>(type: "boolean", nullable: true),
                    Needs_Proxy_Phone_E164 = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Needs_Proxy_Phone_Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WaitlistEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WaitlistOffers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EntryId = table.Column<Guid>(type: "uuid", nullable: false),
                    BookingId = table.Column<Guid>(type: "uuid", nullable: false),
                    SlotStart = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OfferedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WaitlistOffers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WaitlistOffers_Bookings_BookingId",
                        column: x => x.BookingId,
                        principalTable: "Bookings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_WaitlistOffers_WaitlistEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "WaitlistEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WaitlistEntries_InLinePhone",
                table: "WaitlistEntries",
                column: "PhoneE164",
                unique: true,
                filter: "\"Status\" IN ('Waiting', 'Offered')");

            migrationBuilder.CreateIndex(
                name: "IX_WaitlistEntries_OfferExpiresAt",
                table: "WaitlistEntries",
                column: "OfferExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_WaitlistEntries_Status_JoinedAt",
                table: "WaitlistEntries",
                columns: new[] { "Status", "JoinedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WaitlistOffers_BookingId",
                table: "WaitlistOffers",
                column: "BookingId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WaitlistOffers_ClosedAt",
                table: "WaitlistOffers",
                column: "ClosedAt");

            migrationBuilder.CreateIndex(
                name: "IX_WaitlistOffers_EntryId_SlotStart",
                table: "WaitlistOffers",
                columns: new[] { "EntryId", "SlotStart" });

            migrationBuilder.CreateIndex(
                name: "IX_WaitlistOffers_OpenPerEntry",
                table: "WaitlistOffers",
                column: "EntryId",
                unique: true,
                filter: "\"Outcome\" = 'Open'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WaitlistOffers");

            migrationBuilder.DropTable(
                name: "WaitlistEntries");
        }
    }
}
