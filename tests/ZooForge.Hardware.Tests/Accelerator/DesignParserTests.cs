using ZooForge.Hardware.Accelerator;

namespace ZooForge.Hardware.Tests.Accelerator;

[TestFixture]
public sealed class DesignParserTests
{
    [TestCase("70,36,64,64,7,18,6,6")]
    [TestCase("[70,36,64,64,7,18,6,6]")]
    [TestCase("[70, 36, 64, 64, 7, 18, 6, 6]")]
    [TestCase("  [ 70 ,36,64 , 64,7,18,6,6 ]  ")]
    [TestCase("70, 36, 64, 64, 7, 18, 6, 6")]
    public void Parses_the_published_design_in_any_spacing(string text)
    {
        var d = DesignParser.Parse(text);
        Assert.That(d.Conv, Is.EqualTo(new EngineTiling(70, 36, 64, 64, 7)));
        Assert.That(d.Ports, Is.EqualTo(new PortWidths(18, 6, 6)));
        Assert.That(d.Depthwise, Is.Null);
        Assert.That((d.DataBits, d.ClockMhz), Is.EqualTo((16, 200.0)));
        Assert.That(d.ToString(), Does.StartWith("[70,36,64,64,7,18,6,6]"));
    }

    [TestCase("64,1,32,32,3")]
    [TestCase("[64, 1, 32, 32, 3]")]
    [TestCase("64,1,32,32,3,18,6,6")]
    public void Parses_a_depthwise_engine(string dconv)
    {
        var d = DesignParser.Parse("70,36,64,64,7,18,6,6", dconv, dataBits: 8, clockMhz: 150);
        Assert.That(d.Depthwise, Is.EqualTo(new EngineTiling(64, 1, 32, 32, 3)));
        Assert.That(d.Ports, Is.EqualTo(new PortWidths(18, 6, 6)));
        Assert.That((d.DataBits, d.ClockMhz, d.MacsPerDsp), Is.EqualTo((8, 150.0, 2)));
        Assert.That(d.ToString(), Does.Contain("dconv [64,1,32,32,3,18,6,6]"));
    }

    [TestCase("70,36,64,64,7,18,6", "8")]
    [TestCase("70,36,64,64,7,18,6,6,1", "8")]
    [TestCase("", "8")]
    [TestCase("70,36,64,64,7", "8")]
    public void Wrong_field_count_is_rejected(string text, string expected)
    {
        Assert.That(() => DesignParser.Parse(text),
            Throws.TypeOf<DesignFormatException>().With.Message.Contain(expected).And.Message.Contain("Tm,Tn,Tr,Tc,Tk,W_p,I_p,O_p"));
    }

    [TestCase("x,36,64,64,7,18,6,6", "Tm")]
    [TestCase("70,3.5,64,64,7,18,6,6", "Tn")]
    [TestCase("70,36,64,-64,7,18,6,6", "Tc")]
    [TestCase("70,36,64,64,,18,6,6", "Tk")]
    [TestCase("70,36,64,64,7,1e2,6,6", "W_p")]
    [TestCase("70,36,64,64,7,18,six,6", "I_p")]
    [TestCase("70,36,64,64,7,18,6,+6", "O_p")]
    public void Non_integer_fields_are_rejected_by_name(string text, string field)
    {
        Assert.That(() => DesignParser.Parse(text),
            Throws.TypeOf<DesignFormatException>().With.Message.Contain(field).And.Message.Contain("integer"));
    }

    [TestCase("0,36,64,64,7,18,6,6", "Tm")]
    [TestCase("70,0,64,64,7,18,6,6", "Tn")]
    [TestCase("70,36,0,64,7,18,6,6", "Tr")]
    [TestCase("70,36,64,64,0,18,6,6", "Tk")]
    [TestCase("70,36,64,64,7,0,6,6", "W_p")]
    [TestCase("70,36,64,64,7,18,0,6", "I_p")]
    [TestCase("70,36,64,64,7,18,6,0", "O_p")]
    public void Zero_fields_are_rejected_by_name(string text, string field)
    {
        Assert.That(() => DesignParser.Parse(text),
            Throws.TypeOf<DesignFormatException>().With.Message.Contain($"{field} must be positive"));
    }

    [Test]
    public void Implausibly_large_field_is_rejected()
    {
        Assert.That(() => DesignParser.Parse("70,36,64,64,7,18,6,100000"),
            Throws.TypeOf<DesignFormatException>().With.Message.Contain("O_p"));
    }

    [TestCase("64,2,32,32,3")]
    [TestCase("64,64,32,32,3,18,6,6")]
    public void Depthwise_Tn_must_be_one(string dconv)
    {
        Assert.That(() => DesignParser.Parse("70,36,64,64,7,18,6,6", dconv),
            Throws.TypeOf<DesignFormatException>().With.Message.Contain("dconv").And.Message.Contain("Tn must be 1"));
    }

    [TestCase("64,1,32,32,3,18,6,2")]
    [TestCase("64,1,32,32,3,6,18,6")]
    public void Depthwise_ports_must_equal_the_conv_ports(string dconv)
    {
        Assert.That(() => DesignParser.Parse("70,36,64,64,7,18,6,6", dconv),
            Throws.TypeOf<DesignFormatException>().With.Message.Contain("dconv").And.Message.Contain("differ").And.Message.Contain("18,6,6"));
    }

    [TestCase("64,1,32", "5 or 8")]
    [TestCase("64,1,32,32,3,18", "5 or 8")]
    [TestCase("64,1,x,32,3", "Tr")]
    [TestCase("0,1,32,32,3", "Tm")]
    public void Depthwise_field_errors_name_the_field(string dconv, string expected)
    {
        Assert.That(() => DesignParser.Parse("70,36,64,64,7,18,6,6", dconv),
            Throws.TypeOf<DesignFormatException>().With.Message.Contain("dconv").And.Message.Contain(expected));
    }

    [TestCase(1)]
    [TestCase(33)]
    public void Data_bits_out_of_range(int bits) =>
        Assert.That(() => DesignParser.Parse("70,36,64,64,7,18,6,6", dataBits: bits),
            Throws.TypeOf<DesignFormatException>().With.Message.Contain("data bits"));

    [TestCase(0)]
    [TestCase(-5)]
    [TestCase(1001)]
    [TestCase(double.NaN)]
    public void Clock_out_of_range(double mhz) =>
        Assert.That(() => DesignParser.Parse("70,36,64,64,7,18,6,6", clockMhz: mhz),
            Throws.TypeOf<DesignFormatException>().With.Message.Contain("clock"));
}
