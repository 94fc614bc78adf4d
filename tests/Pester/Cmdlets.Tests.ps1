# Why Pester: these views and type data come from the format and types files the manifest (TypesToProcess,
# FormatsToProcess) loads from the built module's folder; the hosted xunit suite imports only the dll. Everything
# else about the cmdlets lives in tests/Initializers.PowerShell.Tests.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    Import-Module $ModulePath -Force
}

Describe 'New-ZerosTensor' {
    It 'shows shape, dtype, count and values in its default view' {
        $text = New-ZerosTensor -Shape 2, 2 -DType int32 | Out-String
        $text | Should -Match '\[2, 2\]\s+int32\s+4\s+\[\[0, 0\], \[0, 0\]\]'
    }

    It 'gets its type data from the manifest: the dtype by its TensorFlow name, the values in ConvertTo-Json' {
        $t = New-ZerosTensor -Shape 2 -DType int32
        "$($t.DType)" | Should -BeExactly 'int32'
        $t | ConvertTo-Json -Compress | Should -BeExactly '{"Shape":[2],"Rank":1,"DType":6,"Count":2,"Values":[0,0]}'
    }
}

Describe 'Get-Initializer' {
    It 'formats as a table with dtypes and description (the aliases are in Format-List)' {
        Get-Initializer Ones | Out-String | Should -Match 'Ones\s+all but string\s+Fills with ones'
        Get-Initializer Ones | Format-List | Out-String | Should -Match 'Aliases\s+: ones, OnesV2, onesV2, one, ones_initializer'
    }
}
