# Why Pester: Get-Help, the examples and about_Initializers read the MAML and help files laid out in the built
# module's en-US folder; the hosted xunit suite imports only the dll and has no help.
BeforeDiscovery {
    Import-Module $env:INITIALIZERS_MODULE -Force
    . $PSScriptRoot/../../tools/HelpMarkdown.ps1
    $script:Commands = Get-Command -Module Initializers | ForEach-Object { @{ Name = $_.Name } }
    # The examples as written in docs/en-US (the MAML is generated from them): code and the output they print.
    $script:Examples = foreach ($c in Get-Command -Module Initializers) {
        $i = 0
        foreach ($e in Get-MarkdownExample (Join-Path $PSScriptRoot "../../docs/en-US/$($c.Name).md")) {
            $i++
            @{ Name = $c.Name; Number = $i; Code = $e.Code; Output = $e.Output }
        }
    }
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    Import-Module $ModulePath -Force
}

Describe 'Help for <Name>' -ForEach $Commands {
    BeforeAll {
        $script:Help = Get-Help $Name -Full
        $script:Command = Get-Command $Name
    }

    It 'comes from the MAML file' {
        $Command.HelpFile | Should -BeLike '*Initializers.PowerShell.dll-Help.xml'
    }

    It 'has a synopsis' {
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        $Help.Synopsis | Should -Not -BeLike "*$Name*[<CommonParameters>]*"
    }

    It 'has a description' {
        ($Help.description.Text -join '') | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        foreach ($p in $Command.Parameters.Keys | Where-Object { $common -notcontains $_ }) {
            $ph = $Help.parameters.parameter | Where-Object name -EQ $p
            $ph | Should -Not -BeNullOrEmpty -Because "-$p needs help"
            ($ph.description.Text -join '') | Should -Not -BeNullOrEmpty -Because "-$p needs a description"
        }
    }

    It 'has at least one example' {
        @($Help.examples.example).Count | Should -BeGreaterThan 0
    }

    It 'has a HelpUri at its markdown help in the repository (for Get-Help -Online)' {
        $Command.HelpUri | Should -Be "https://example.invalid/initializers/blob/main/docs/en-US/$Name.md"
        Join-Path $PSScriptRoot "../../docs/en-US/$Name.md" | Should -Exist
    }
}

Describe 'Get-Help -Online' {
    It 'opens the HelpUri in the browser' -Skip:(-not $IsLinux) {
        # On Linux, .NET opens a URL with the first xdg-open on PATH: a stand-in records what it was given.
        $opener = Join-Path $TestDrive 'xdg-open'
        $log = Join-Path $TestDrive 'opened.txt'
        Set-Content -LiteralPath $opener -Value "#!/bin/sh`necho `"`$1`" > '$log'"
        chmod +x $opener
        $path = $env:PATH
        try {
            $env:PATH = $TestDrive + [System.IO.Path]::PathSeparator + $path
            Get-Help Test-InitializerConfig -Online -ErrorAction Stop
            $deadline = [datetime]::UtcNow.AddSeconds(30)
            while (-not (Test-Path -LiteralPath $log) -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        }
        finally { $env:PATH = $path }
        Get-Content -LiteralPath $log | Should -Be 'https://example.invalid/initializers/blob/main/docs/en-US/Test-InitializerConfig.md'
    }
}

Describe 'Example <Number> of <Name>' -ForEach $Examples {
    BeforeAll {
        . $PSScriptRoot/../../tools/HelpMarkdown.ps1
    }

    It 'prints what the help says it prints' {
        $printed = Invoke-HelpExample $Code
        (@(ConvertTo-ComparableOutput $printed) -join "`n") | Should -Be (@(ConvertTo-ComparableOutput $Output) -join "`n")
    }

    It 'is shown by Get-Help with its output' {
        $shown = @((Get-Help $Name -Full).examples.example)[$Number - 1]
        ($shown.code -join "`n") | Should -Be $Code
        if ($Output.Count) {
            ($shown.remarks.Text -join "`n").Contains($Output -join "`n") | Should -BeTrue -Because 'Get-Help shows the output'
        }
    }
}

Describe 'about_Initializers' {
    It 'is found by Get-Help' {
        (Get-Help about_Initializers | Out-String) | Should -Match 'YAML 1\.2'
    }

    It 'names every cmdlet in its overview and in SEE ALSO' {
        $text = Get-Content -Raw (Join-Path (Get-Module Initializers).ModuleBase 'en-US/about_Initializers.help.txt')
        $overview = [regex]::Match($text, '(?s)\nLONG DESCRIPTION\r?\n(.*?)\n\S').Groups[1].Value
        $seeAlso = [regex]::Match($text, '(?s)\nSEE ALSO\r?\n(.*?)\n\S').Groups[1].Value
        foreach ($name in (Get-Command -Module Initializers).Name) {
            $overview | Should -Match "(?m)^\s+$name\s" -Because "the overview lists $name"
            $seeAlso | Should -Match "\b$name\b" -Because "SEE ALSO lists $name"
        }
    }
}
