using ZooForge.Core.Errors;
using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Mapping;
using ZooForge.Asic.Problem;
using ZooForge.Asic.Tests.Cost;

namespace ZooForge.Asic.Tests.Dataflows;

public class DataflowTemplateTests
{
    [Test]
    public void The_templates_are_maestros_dataflow_files()
    {
        var layer = MaestroGoldenTests.Layer("r18_l1_conv");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(DataflowTemplates.Create(Dataflow.WeightStationary, layer, 256).ToString(),
                Is.EqualTo("ws: L0[spatial K:1×4, C:64, R:3, S:3, P:1, Q:1] | L1[spatial C:1×64]"));
            Assert.That(DataflowTemplates.Create(Dataflow.OutputStationary, layer, 256).ToString(),
                Is.EqualTo("os: L0[K:16, spatial P:1×16, Q:1, C:1] | L1[spatial K:1×16]"));
            Assert.That(DataflowTemplates.Create(Dataflow.RowStationary, layer, 256).ToString(),
                Is.EqualTo("rs: L0[spatial P:1×85, Q:1, C:1, K:16] | L1[spatial R:1×3]"));
        }
    }

    [Test]
    public void Templates_never_use_more_pes_than_given()
    {
        foreach (var name in new[] { "r18_conv1", "r18_l1_conv", "r18_fc", "mv2_pw1" })
        foreach (var dataflow in new[] { Dataflow.WeightStationary, Dataflow.OutputStationary, Dataflow.RowStationary })
        foreach (int pes in new[] { 7, 64, 168, 1000 })
        {
            var mapping = DataflowTemplates.Create(dataflow, MaestroGoldenTests.Layer(name), pes);
            Assert.That(mapping.PesUsed, Is.LessThanOrEqualTo(pes), $"{name} {dataflow} {pes}");
        }
    }

    [Test]
    public void Row_stationary_needs_a_pe_per_kernel_row()
    {
        var e = Assert.Throws<MappingException>(() => DataflowTemplates.Create(Dataflow.RowStationary, MaestroGoldenTests.Layer("r18_conv1"), 4));
        Assert.That(e!.Message, Does.Contain("7 kernel rows"));
    }

    [Test]
    public void Dataflow_names_parse_and_unknown_ones_are_refused()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(DataflowNames.Parse("kcp_ws"), Is.EqualTo(Dataflow.WeightStationary));
            Assert.That(DataflowNames.Parse("OS"), Is.EqualTo(Dataflow.OutputStationary));
            Assert.That(DataflowNames.Parse("rs"), Is.EqualTo(Dataflow.RowStationary));
            Assert.That(DataflowNames.Parse("tpu"), Is.EqualTo(Dataflow.EdgeTpu));
            Assert.That(() => DataflowNames.Parse("xs"), Throws.TypeOf<InvalidInputException>().With.Message.Contains("unknown dataflow 'xs'"));
        }
    }
}
