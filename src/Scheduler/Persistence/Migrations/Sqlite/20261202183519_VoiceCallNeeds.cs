using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allo.Scheduler.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VoiceCallNeeds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OtherLanguage",
                table: "VoiceCalls",
                type: "TEXT",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProxyPhone",
                table: "VoiceCalls",
                type: "TEXT",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // In place rather than by EF Core's rebuild of the table: the previous migration's model
            // (ExtraAgentLanguages, made beside VoiceCalls on another branch) has no VoiceCalls table to
            // rebuild from, so EF Core would refuse the drop. SQLite drops these plain columns itself.
            migrationBuilder.Sql("""ALTER TABLE "VoiceCalls" DROP COLUMN "OtherLanguage";""");
            migrationBuilder.Sql("""ALTER TABLE "VoiceCalls" DROP COLUMN "ProxyPhone";""");
        }
    }
}
